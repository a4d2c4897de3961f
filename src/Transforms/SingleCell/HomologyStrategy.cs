namespace PllmML.Transforms.SingleCell;

/// <summary>How a homology table becomes shared gene features.</summary>
public enum HomologyStrategy
{
    /// <summary>
    /// Only one-to-one pairs: the table is first reduced with <see cref="Data.Orthologs.GenePairTable.ToSymbolOneToOne"/>
    /// (exact duplicates dropped, then every pair whose gene occurs in another pair dropped).
    /// </summary>
    OneToOne,

    /// <summary>
    /// Every pair: a shared feature is a reference-species gene, and in another species its value is the sum of the
    /// counts of all that species' genes paired with it (a gene paired with several reference genes adds its counts to
    /// each of them).
    /// </summary>
    ManyToManySum,
}
