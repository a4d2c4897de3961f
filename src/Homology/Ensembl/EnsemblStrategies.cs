using PllmML.Data.Orthologs;

namespace PllmML.Homology.Ensembl;

/// <summary>
/// The two database strategies of the original project that simply read an Ensembl BioMart export: all homologs
/// (ENS_M2M) and the one-to-one orthologs (ENS_O2O).
/// </summary>
public static class EnsemblStrategies
{
    /// <summary>
    /// ens-m2m: every row that names both genes, in file order, with <c>identical_scores</c> (mean %identity) and
    /// <c>orthology confidence</c>. Header: the BioMart gene columns (<c>Gene name,Mouse gene name</c>).
    /// </summary>
    /// <param name="biomart">The export.</param>
    public static GenePairTable AllHomologs(BiomartTable biomart)
    {
        ArgumentNullException.ThrowIfNull(biomart);
        return biomart.ToPairTable();
    }

    /// <summary>
    /// ens-o2o: the rows whose homology type is <c>ortholog_one2one</c> and that name both genes, in file order, gene
    /// columns only — the original's one2one filter followed by <c>dropna</c> on the two gene columns (BioMart lists
    /// some one2one homologs with an empty symbol), written with the BioMart column names.
    /// This is one-to-one at the Ensembl gene-ID level; a symbol can repeat (see
    /// <see cref="GenePairTable.ToSymbolOneToOne"/>).
    /// </summary>
    /// <param name="biomart">The export.</param>
    public static GenePairTable OneToOne(BiomartTable biomart)
    {
        ArgumentNullException.ThrowIfNull(biomart);
        var pairs = biomart.Homologs
            .Where(row => row.HomologyType == HomologyType.OneToOne)
            .Select(row => new GenePair(row.QueryGene, row.TargetGene))
            .ToArray();
        return new GenePairTable(biomart.QueryGeneColumn, biomart.TargetGeneColumn, pairs);
    }
}
