namespace PllmML.Esm.Genes;

/// <summary>How the protein embeddings of a gene's isoforms become one gene embedding.</summary>
public enum GenePooling
{
    /// <summary>Mean over all isoforms (the original project's default, <c>--method aggregate</c>).</summary>
    Mean,

    /// <summary>Element-wise maximum over all isoforms (<c>--method max_pooling</c>).</summary>
    Max,

    /// <summary>One isoform per gene: the one a user table names, else the longest (first in file order on ties).</summary>
    Canonical,
}
