namespace PllmML.Data.TenX;

/// <summary>
/// Which feature column becomes the gene names (<c>var_names</c>): scanpy's <c>read_10x_mtx(var_names=…)</c>.
/// </summary>
public enum TenXGeneNames
{
    /// <summary>The gene symbols (column 2 of the features file); scanpy's <c>'gene_symbols'</c>, the default.</summary>
    Symbols,

    /// <summary>The gene ids (column 1, e.g. Ensembl ids); scanpy's <c>'gene_ids'</c>.</summary>
    Ids,
}
