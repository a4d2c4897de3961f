namespace PllmML.Kernels.Neighbors;

/// <summary>
/// The CPU backend of <see cref="INeighborSearch"/>: <see cref="ExactKnn"/> (blocked, register-tiled double-precision
/// FMA tiles over <see cref="SquaredDistanceBlocks"/>, a bounded heap per query, exact refinement), on all cores.
/// </summary>
public sealed class CpuNeighborSearch : INeighborSearch
{
    /// <inheritdoc/>
    public string DeviceName => $"CPU ({Environment.ProcessorCount} threads, {(System.Runtime.Intrinsics.X86.Fma.IsSupported ? "AVX2+FMA" : "portable vectors")}, double)";

    /// <inheritdoc/>
    public NeighborGraph Search(double[] data, int dimensions, int neighborCount) => ExactKnn.Search(data, dimensions, neighborCount);

    /// <inheritdoc/>
    public NeighborGraph Query(double[] data, int dimensions, IReadOnlyList<int> queries, IReadOnlyList<int> references, int neighborCount, bool excludeSelf)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neighborCount, 1);
        return ExactKnn.Query(data, dimensions, queries, references, neighborCount, excludeSelf);
    }

    /// <summary>Nothing to release; present so CPU and device searches are used alike.</summary>
    public void Dispose()
    {
    }
}
