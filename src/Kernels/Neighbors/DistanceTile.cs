namespace PllmML.Kernels.Neighbors;

/// <summary>
/// Where a distance tile of <see cref="IlgpuNeighborSearch"/> lies and the sizes its kernels need (a kernel argument,
/// so a struct; internal and not nested, so ILGPU's generated kernel code can see it).
/// </summary>
internal readonly record struct DistanceTile(
    int FirstQuery, int FirstReference, int Queries, int References, int Dimensions, int ReferenceCount, int Candidates, int ExcludeSelf, int TileSize);
