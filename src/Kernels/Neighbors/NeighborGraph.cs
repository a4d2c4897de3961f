namespace PllmML.Kernels.Neighbors;

/// <summary>
/// The k nearest other cells of every cell (the cell itself excluded), nearest first, with Euclidean distances —
/// scib-metrics' <c>NeighborsResults</c> without the self column.
/// </summary>
public sealed class NeighborGraph
{
    /// <summary>Creates the graph from row-major neighbour indices and distances.</summary>
    /// <param name="cellCount">Number of cells.</param>
    /// <param name="neighborCount">Neighbours per cell.</param>
    /// <param name="indices">Neighbour cell indices, cells × neighbours, nearest first.</param>
    /// <param name="distances">Euclidean distances, same layout.</param>
    public NeighborGraph(int cellCount, int neighborCount, int[] indices, double[] distances)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(distances);
        if (indices.Length != (long)cellCount * neighborCount || distances.Length != indices.Length)
        {
            throw new ArgumentException($"Expected {cellCount} × {neighborCount} indices and distances.", nameof(indices));
        }

        CellCount = cellCount;
        NeighborCount = neighborCount;
        IndexArray = indices;
        DistanceArray = distances;
    }

    /// <summary>Number of cells.</summary>
    public int CellCount { get; }

    /// <summary>Neighbours per cell.</summary>
    public int NeighborCount { get; }

    /// <summary>Neighbour indices, row-major cells × neighbours, nearest first.</summary>
    public IReadOnlyList<int> Indices => IndexArray;

    /// <summary>Euclidean distances, row-major cells × neighbours.</summary>
    public IReadOnlyList<double> Distances => DistanceArray;

    internal int[] IndexArray { get; }

    internal double[] DistanceArray { get; }

    /// <summary>The neighbours of one cell.</summary>
    /// <param name="cell">The cell.</param>
    public ReadOnlySpan<int> NeighborsOf(int cell) => IndexArray.AsSpan(cell * NeighborCount, NeighborCount);

    /// <summary>The distances to the neighbours of one cell.</summary>
    /// <param name="cell">The cell.</param>
    public ReadOnlySpan<double> DistancesOf(int cell) => DistanceArray.AsSpan(cell * NeighborCount, NeighborCount);

    /// <summary>The first <paramref name="count"/> neighbours of every cell.</summary>
    /// <param name="count">Neighbours to keep, at most <see cref="NeighborCount"/>.</param>
    public NeighborGraph Truncate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, NeighborCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var indices = new int[CellCount * count];
        var distances = new double[CellCount * count];
        for (var i = 0; i < CellCount; i++)
        {
            NeighborsOf(i)[..count].CopyTo(indices.AsSpan(i * count, count));
            DistancesOf(i)[..count].CopyTo(distances.AsSpan(i * count, count));
        }

        return new NeighborGraph(CellCount, count, indices, distances);
    }
}
