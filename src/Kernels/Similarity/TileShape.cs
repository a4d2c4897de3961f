namespace PllmML.Kernels.Similarity;

/// <summary>Where a similarity tile lies and the sizes the ILGPU kernels need (a kernel argument, so a struct).</summary>
internal readonly record struct TileShape(
    int FirstRow, int FirstColumn, int Rows, int Columns, int Width, int CountB, int K);
