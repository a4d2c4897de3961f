namespace PllmML.Trainers.SingleCell;

/// <summary>
/// How much of what a model reads a query measured: its model genes, its variable genes, and above all the share of
/// the PCA loading mass (per variable gene, the sum of its squared loadings over the kept components) that the
/// measured genes carry. Missing genes are filled with the reference's mean, so they move no cell; what is lost is
/// the information they would have carried.
/// </summary>
/// <param name="Species">The query's species.</param>
/// <param name="LoadingShare">Share of the loading mass of the model's variable genes that the query measured (0–1).</param>
/// <param name="VariableGenesFound">Variable genes measured.</param>
/// <param name="VariableGenes">Variable genes of the model.</param>
/// <param name="ModelGenesFound">Model genes of the species measured.</param>
/// <param name="ModelGenes">Model genes of the species.</param>
/// <param name="LibraryShare">The mean share of a training cell's library that the measured genes hold: measured
/// totals are divided by it, so a cell's library size means what it meant in training.</param>
/// <param name="TopMissing">The missing variable genes with the largest loading shares, largest first (at most ten).</param>
public sealed record GeneCoverage(
    string Species, double LoadingShare, int VariableGenesFound, int VariableGenes, int ModelGenesFound, int ModelGenes,
    double LibraryShare, IReadOnlyList<MissingGene> TopMissing)
{
    /// <summary>Below this loading share predictions degrade noticeably (measured on the pancreas data; README).</summary>
    public const double WarningLoadingShare = 0.75;

    /// <summary>Whether the share is below <see cref="WarningLoadingShare"/>.</summary>
    public bool IsLow => LoadingShare < WarningLoadingShare;

    /// <summary>A one-line summary, for logs and warnings.</summary>
    public string Describe() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"the query measured {VariableGenesFound} of the model's {VariableGenes} variable '{Species}' genes, {LoadingShare:P1} of their PCA loading mass ({ModelGenesFound} of {ModelGenes} model genes)")
        + (TopMissing.Count == 0 ? string.Empty : $"; most important missing: {string.Join(", ", TopMissing.Select(gene => gene.Gene))}");
}
