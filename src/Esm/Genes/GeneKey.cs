namespace PllmML.Esm.Genes;

/// <summary>Which header field groups proteins into genes.</summary>
public enum GeneKey
{
    /// <summary>The gene symbol (Ensembl <c>gene_symbol:</c>, UniProt <c>GN=</c>) — what the original project keys by.</summary>
    Symbol,

    /// <summary>The gene id (Ensembl <c>gene:</c>, version suffix kept as in the header).</summary>
    Id,
}
