using PllmML.Data;

namespace PllmML.Deep;

/// <summary>
/// What scVI trains on: raw counts of the shared genes (cells × genes) and each cell's batch (species, or species ×
/// donor) category.
/// </summary>
/// <param name="Counts">Raw counts; every cell needs at least one count (its observed library size is their sum).</param>
/// <param name="Batches">Each cell's batch category, 0 … <paramref name="BatchCount"/> − 1.</param>
/// <param name="BatchCount">Batch categories.</param>
public sealed record ScviTrainingData(CsrMatrix Counts, IReadOnlyList<int> Batches, int BatchCount)
{
    /// <summary>Throws when the parts do not fit.</summary>
    /// <exception cref="ArgumentException">Lengths, categories or empty cells.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Counts);
        ArgumentNullException.ThrowIfNull(Batches);
        if (Batches.Count != Counts.RowCount)
        {
            throw new ArgumentException($"{Counts.RowCount} cells but {Batches.Count} batch values.");
        }

        if (BatchCount < 1 || Batches.Any(b => b < 0 || b >= BatchCount))
        {
            throw new ArgumentException($"Batch values must lie in 0 … {BatchCount - 1}.");
        }

        var sums = Counts.RowSums();
        var empty = Array.FindIndex(sums, s => !(s > 0));
        if (empty >= 0)
        {
            throw new ArgumentException($"Cell {empty} has no counts in the {Counts.ColumnCount} genes (of {sums.Count(s => !(s > 0))} such cells): remove empty cells before training.");
        }

        if (Counts.Values.Any(v => !(v >= 0) || float.IsInfinity(v)))
        {
            throw new ArgumentException("Counts must be finite and non-negative.");
        }
    }
}
