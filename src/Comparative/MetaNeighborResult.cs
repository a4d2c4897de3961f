namespace PllmML.Comparative;

/// <summary>MetaNeighborUS over every species' cell types: one-versus-rest and one-versus-best AUROCs.</summary>
/// <param name="Species">The species of each group.</param>
/// <param name="CellTypes">The cell type of each group.</param>
/// <param name="Aurocs">Groups × groups one-versus-rest AUROCs, rows test, columns training.</param>
/// <param name="OneVersusBest">Groups × groups one-versus-best AUROCs (NaN except each training group's best and runner-up).</param>
/// <param name="GeneCount">The shared variable genes used.</param>
/// <param name="Version">"rank-standardised network" or "low-memory (centroid votes)".</param>
public sealed record MetaNeighborResult(
    IReadOnlyList<string> Species, IReadOnlyList<string> CellTypes, double[] Aurocs, double[] OneVersusBest, int GeneCount, string Version)
{
    /// <summary>
    /// The one-versus-rest AUROCs between two species, averaged over both directions (MetaNeighbor's
    /// <c>symmetric_output = TRUE</c>): entry (a, b) is the mean of "train on b, test a" and "train on a, test b".
    /// </summary>
    /// <param name="rowSpecies">The species of the rows.</param>
    /// <param name="columnSpecies">The species of the columns.</param>
    public CellTypeSimilarity Symmetric(string rowSpecies, string columnSpecies) =>
        Block(rowSpecies, columnSpecies, "MetaNeighbor AUROC (one-vs-rest, symmetric)", (r, c) => (At(Aurocs, r, c) + At(Aurocs, c, r)) / 2);

    /// <summary>
    /// The one-versus-best AUROCs with the training types of <paramref name="trainSpecies"/> as rows and the test types
    /// of <paramref name="testSpecies"/> as columns (the transpose of MetaNeighbor's layout, so that a row reads "the
    /// best match of this type").
    /// </summary>
    /// <param name="trainSpecies">The training species (rows).</param>
    /// <param name="testSpecies">The test species (columns).</param>
    public CellTypeSimilarity BestMatches(string trainSpecies, string testSpecies) =>
        Block(trainSpecies, testSpecies, "MetaNeighbor AUROC (one-vs-best)", (r, c) => At(OneVersusBest, c, r));

    private double At(double[] matrix, int test, int train) => matrix[(test * CellTypes.Count) + train];

    private CellTypeSimilarity Block(string rowSpecies, string columnSpecies, string method, Func<int, int, double> value)
    {
        var rows = Enumerable.Range(0, Species.Count).Where(g => Species[g] == rowSpecies).ToArray();
        var columns = Enumerable.Range(0, Species.Count).Where(g => Species[g] == columnSpecies).ToArray();
        var values = rows.SelectMany(r => columns.Select(c => value(r, c))).ToArray();
        return new CellTypeSimilarity(method, rowSpecies, columnSpecies, [.. rows.Select(r => CellTypes[r])], [.. columns.Select(c => CellTypes[c])], values);
    }
}
