using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PllmML.Kernels.Similarity;

/// <summary>
/// The genes of species A and species B as unit vectors (centred first for Pearson), packed into the panel layout of
/// the CPU kernel: A in panels of <see cref="PanelRowsA"/> rows, B in panels of <see cref="PanelRowsB"/> rows, each
/// panel stored dimension-major. A dot product of two unit vectors is their similarity.
/// </summary>
/// <remarks>
/// <see cref="Score"/> and <see cref="ScoreRow"/> reproduce the CPU kernel's arithmetic bit for bit (the same fused
/// multiply–adds in the same order, summed per block of <see cref="DepthBlock"/> dimensions), so scores computed on
/// demand (stable matching, lists longer than k) order genes exactly as the top-k search did.
/// </remarks>
public sealed class UnitEmbeddingPair
{
    /// <summary>Rows of A per packed panel (the micro-kernel's row count).</summary>
    public const int PanelRowsA = 6;

    /// <summary>Rows of B per packed panel (two 8-float vectors).</summary>
    public const int PanelRowsB = 16;

    /// <summary>Dimensions summed before a partial sum is added to the running total.</summary>
    public const int DepthBlock = 256;

    private UnitEmbeddingPair(int rowsA, int rowsB, int width, SimilarityMetric metric, float[] packedA, float[] packedB)
    {
        RowsA = rowsA;
        RowsB = rowsB;
        Width = width;
        Metric = metric;
        PackedA = packedA;
        PackedB = packedB;
    }

    /// <summary>Genes of species A.</summary>
    public int RowsA { get; }

    /// <summary>Genes of species B.</summary>
    public int RowsB { get; }

    /// <summary>Embedding width.</summary>
    public int Width { get; }

    /// <summary>The similarity the vectors were normalised for.</summary>
    public SimilarityMetric Metric { get; }

    internal float[] PackedA { get; }

    internal float[] PackedB { get; }

    internal int PanelsA => (RowsA + PanelRowsA - 1) / PanelRowsA;

    internal int PanelsB => (RowsB + PanelRowsB - 1) / PanelRowsB;

    /// <summary>Normalises and packs both sides.</summary>
    /// <param name="a">Species-A embeddings, row-major, <paramref name="rowsA"/> × <paramref name="width"/>.</param>
    /// <param name="rowsA">Genes of A.</param>
    /// <param name="b">Species-B embeddings, row-major.</param>
    /// <param name="rowsB">Genes of B.</param>
    /// <param name="width">Embedding width (both sides).</param>
    /// <param name="metric">Cosine, or Pearson (rows centred first).</param>
    /// <exception cref="ArgumentException">A span is not rows × width long, or the width is not positive.</exception>
    /// <exception cref="DegenerateVectorException">A row is zero (constant for Pearson) or not finite.</exception>
    public static UnitEmbeddingPair Create(
        ReadOnlySpan<float> a, int rowsA, ReadOnlySpan<float> b, int rowsB, int width, SimilarityMetric metric)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegative(rowsA);
        ArgumentOutOfRangeException.ThrowIfNegative(rowsB);
        if (a.Length != (long)rowsA * width)
        {
            throw new ArgumentException($"Input A has {a.Length} values, expected {rowsA} × {width}.", nameof(a));
        }

        if (b.Length != (long)rowsB * width)
        {
            throw new ArgumentException($"Input B has {b.Length} values, expected {rowsB} × {width}.", nameof(b));
        }

        return new UnitEmbeddingPair(
            rowsA, rowsB, width, metric,
            Pack(a, rowsA, width, PanelRowsA, metric, "A"),
            Pack(b, rowsB, width, PanelRowsB, metric, "B"));
    }

    /// <summary>The similarity of A gene <paramref name="rowA"/> and B gene <paramref name="rowB"/>.</summary>
    /// <param name="rowA">The A row.</param>
    /// <param name="rowB">The B row.</param>
    public float Score(int rowA, int rowB)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)rowA, (uint)RowsA, nameof(rowA));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)rowB, (uint)RowsB, nameof(rowB));
        var aBase = ((rowA / PanelRowsA) * Width * PanelRowsA) + (rowA % PanelRowsA);
        var bBase = ((rowB / PanelRowsB) * Width * PanelRowsB) + (rowB % PanelRowsB);
        var total = 0f;
        for (var depth = 0; depth < Width; depth += DepthBlock)
        {
            var end = Math.Min(depth + DepthBlock, Width);
            var partial = 0f;
            for (var k = depth; k < end; k++)
            {
                partial = MultiplyAdd(PackedA[aBase + (k * PanelRowsA)], PackedB[bBase + (k * PanelRowsB)], partial);
            }

            total = depth == 0 ? partial : total + partial;
        }

        return total;
    }

    /// <summary>The similarity of A gene <paramref name="rowA"/> to every B gene.</summary>
    /// <param name="rowA">The A row.</param>
    /// <param name="scores">Receives <see cref="RowsB"/> scores.</param>
    public unsafe void ScoreRow(int rowA, Span<float> scores)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)rowA, (uint)RowsA, nameof(rowA));
        ArgumentOutOfRangeException.ThrowIfLessThan(scores.Length, RowsB, nameof(scores));
        var row = new float[Width];
        var aBase = ((rowA / PanelRowsA) * Width * PanelRowsA) + (rowA % PanelRowsA);
        for (var k = 0; k < Width; k++)
        {
            row[k] = PackedA[aBase + (k * PanelRowsA)];
        }

        Span<float> panel = stackalloc float[PanelRowsB];
        fixed (float* a = row)
        fixed (float* b = PackedB)
        {
            for (var p = 0; p < PanelsB; p++)
            {
                RowTimesPanel(a, b + ((long)p * Width * PanelRowsB), Width, panel);
                var count = Math.Min(PanelRowsB, RowsB - (p * PanelRowsB));
                panel[..count].CopyTo(scores.Slice(p * PanelRowsB, count));
            }
        }
    }

    /// <summary>
    /// The similarity of a new query vector (normalised here like the A rows) to every B gene, with the same arithmetic
    /// as <see cref="ScoreRow"/>.
    /// </summary>
    /// <param name="query">The raw query embedding, <see cref="Width"/> long.</param>
    /// <param name="scores">Receives <see cref="RowsB"/> scores.</param>
    /// <exception cref="ArgumentException">The query has another width.</exception>
    /// <exception cref="DegenerateVectorException">The query is zero, constant (Pearson) or not finite.</exception>
    public unsafe void ScoreQuery(ReadOnlySpan<float> query, Span<float> scores)
    {
        if (query.Length != Width)
        {
            throw new ArgumentException($"The query has {query.Length} values, expected {Width}.", nameof(query));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(scores.Length, RowsB, nameof(scores));
        var unit = new float[Width];
        UnitVectors.NormaliseRow(query, unit, Metric, "query", 0);
        Span<float> panel = stackalloc float[PanelRowsB];
        fixed (float* a = unit)
        fixed (float* b = PackedB)
        {
            for (var p = 0; p < PanelsB; p++)
            {
                RowTimesPanel(a, b + ((long)p * Width * PanelRowsB), Width, panel);
                var count = Math.Min(PanelRowsB, RowsB - (p * PanelRowsB));
                panel[..count].CopyTo(scores.Slice(p * PanelRowsB, count));
            }
        }
    }

    /// <summary>The unit rows of A, row-major (<see cref="RowsA"/> × <see cref="Width"/>).</summary>
    internal float[] UnpackA() => Unpack(PackedA, RowsA, PanelRowsA, transpose: false);

    /// <summary>The unit rows of B transposed: dimension-major (<see cref="Width"/> × <see cref="RowsB"/>).</summary>
    internal float[] UnpackBTransposed() => Unpack(PackedB, RowsB, PanelRowsB, transpose: true);

    internal static float MultiplyAdd(float a, float b, float c) =>
        Fma.IsSupported ? MathF.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : (a * b) + c;

    private static unsafe void RowTimesPanel(float* a, float* b, int width, Span<float> result)
    {
        var total0 = Vector256<float>.Zero;
        var total1 = Vector256<float>.Zero;
        for (var depth = 0; depth < width; depth += DepthBlock)
        {
            var end = Math.Min(depth + DepthBlock, width);
            var partial0 = Vector256<float>.Zero;
            var partial1 = Vector256<float>.Zero;
            for (var k = depth; k < end; k++)
            {
                var value = Vector256.Create(a[k]);
                partial0 = MultiplyAdd(value, Vector256.Load(b + (k * PanelRowsB)), partial0);
                partial1 = MultiplyAdd(value, Vector256.Load(b + (k * PanelRowsB) + 8), partial1);
            }

            total0 = depth == 0 ? partial0 : total0 + partial0;
            total1 = depth == 0 ? partial1 : total1 + partial1;
        }

        total0.CopyTo(result);
        total1.CopyTo(result[8..]);
    }

    private float[] Unpack(float[] packed, int rows, int panelRows, bool transpose)
    {
        var result = new float[(long)rows * Width];
        for (var row = 0; row < rows; row++)
        {
            var panelBase = (long)(row / panelRows) * Width * panelRows;
            var lane = row % panelRows;
            for (var k = 0; k < Width; k++)
            {
                var target = transpose ? ((long)k * rows) + row : ((long)row * Width) + k;
                result[target] = packed[panelBase + ((long)k * panelRows) + lane];
            }
        }

        return result;
    }

    private static float[] Pack(
        ReadOnlySpan<float> source, int rows, int width, int panelRows, SimilarityMetric metric, string side)
    {
        var panels = (rows + panelRows - 1) / panelRows;
        var packed = new float[(long)panels * panelRows * width];
        var unit = new float[width];
        for (var row = 0; row < rows; row++)
        {
            UnitVectors.NormaliseRow(source.Slice(row * width, width), unit, metric, side, row);
            var panelBase = (long)(row / panelRows) * width * panelRows;
            var lane = row % panelRows;
            for (var k = 0; k < width; k++)
            {
                packed[panelBase + ((long)k * panelRows) + lane] = unit[k];
            }
        }

        return packed;
    }
}
