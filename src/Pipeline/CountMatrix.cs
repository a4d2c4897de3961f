using System.Globalization;
using PllmML.Data;

namespace PllmML.Pipeline;

/// <summary>
/// Chooses the raw counts of a cell matrix — <c>X</c> (the default), <c>raw</c> or a layer such as <c>counts</c> —
/// and checks that they look like counts: negative values (scaled data) are refused; non-integer values (log-normalised
/// data, which the model would normalise a second time) give a warning that names the alternatives in the file.
/// </summary>
public static class CountMatrix
{
    /// <summary>The matrix named by <paramref name="source"/> as X, with the file's obs (and the matching var).</summary>
    public static CellMatrix Select(CellMatrix cells, string? source, string path)
    {
        switch (source)
        {
            case null or "" or "X":
                return cells;
            case "raw":
                var raw = cells.Raw ?? throw new DataFormatException(path, "raw", "counts: \"raw\" asked for, but the file has no .raw");
                return new CellMatrix(raw.X, cells.Obs, raw.Var);
            default:
                var layerName = source.StartsWith("layers/", StringComparison.Ordinal) ? source["layers/".Length..] : source;
                if (!cells.Layers.TryGetValue(layerName, out var layer))
                {
                    var layers = cells.Layers.Count == 0 ? "none" : string.Join(", ", cells.Layers.Keys);
                    throw new DataFormatException(path, $"layers/{layerName}", $"no such layer (layers: {layers}; counts takes X, raw or a layer name)");
                }

                return new CellMatrix(layer, cells.Obs, cells.Var);
        }
    }

    /// <summary>Parses an input kind as written in a config or on the command line: <c>counts</c> or <c>lognorm</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The kind, or null when the text is neither.</returns>
    public static InputKind? ParseKind(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "counts" => InputKind.Counts,
        "lognorm" or "log-normalized" or "lognormalized" => InputKind.LogNormalized,
        _ => null,
    };

    /// <summary>
    /// The matrix the model reads, checked against the declared kind: counts must be whole numbers ≥ 0; log-normalised
    /// values must be ≥ 0, not all whole numbers, and small enough to be logarithms, and are turned into relative counts
    /// (expm1). Without a declared kind, non-integer values give a warning (the behaviour before kinds existed).
    /// </summary>
    /// <param name="cells">The whole file as read (for the alternatives it holds).</param>
    /// <param name="counts">The matrix chosen by <see cref="Select"/>.</param>
    /// <param name="source">The counts source as configured (null = X).</param>
    /// <param name="path">The file, for the messages.</param>
    /// <param name="kind">The declared kind; null when none was declared.</param>
    /// <exception cref="DataFormatException">The values do not fit the declared kind.</exception>
    public static (CellMatrix Cells, string? Warning) Prepare(CellMatrix cells, CellMatrix counts, string? source, string path, InputKind? kind)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var name = string.IsNullOrEmpty(source) ? "X" : source;
        switch (kind)
        {
            case null:
                return (counts, Check(cells, counts, source, path));
            case InputKind.Counts:
                _ = Check(cells, counts, source, path) is null ? 0
                    : throw new DataFormatException(path, name, $"declared as counts, but holds non-integer values ({Where(counts, Array.FindIndex(counts.X.Values, value => value != MathF.Round(value)))}). "
                        + $"If it is log-normalised, declare it so (pllm predict --input-kind lognorm, config inputs[].kind = lognorm). {Hint(cells, name)}");
                return (counts, null);
            default:
                return (FromLogNormalized(counts, name, path), null);
        }
    }

    private static CellMatrix FromLogNormalized(CellMatrix counts, string name, string path)
    {
        var values = counts.X.Values;
        var negative = values.AsSpan().IndexOfAnyInRange(float.NegativeInfinity, -float.Epsilon);
        if (negative >= 0)
        {
            throw new DataFormatException(path, name, $"declared as log-normalised, but holds negative values ({Where(counts, negative)}): this looks like scaled data, which cannot be turned back into counts");
        }

        // ln(1 + x) of a count scaled to 10⁴ (or even 10⁶) stays below 15; larger values are counts, not logarithms.
        var large = Array.FindIndex(values, value => value > 30 || !float.IsFinite(value));
        if (large >= 0 || (values.Length > 0 && Array.TrueForAll(values, value => value == MathF.Round(value))))
        {
            var where = large >= 0 ? Where(counts, large) : "every value is a whole number";
            throw new DataFormatException(path, name, $"declared as log-normalised, but looks like raw counts ({where}). Declare it as counts (pllm predict --input-kind counts, config inputs[].kind = counts).");
        }

        var expm1 = new float[values.Length];
        for (var k = 0; k < values.Length; k++)
        {
            expm1[k] = (float)double.ExpM1(values[k]);
        }

        var x = counts.X;
        return new CellMatrix(new CsrMatrix(x.RowCount, x.ColumnCount, [.. x.RowPointers], [.. x.ColumnIndices], expm1), counts.Obs, counts.Var);
    }

    /// <summary>Refuses negative values; returns a warning when the matrix holds non-integer values, else null.</summary>
    /// <param name="cells">The whole file as read (for the alternatives it holds).</param>
    /// <param name="counts">The matrix chosen by <see cref="Select"/>.</param>
    /// <param name="source">The counts source as configured (null = X).</param>
    /// <param name="path">The file, for the messages.</param>
    public static string? Check(CellMatrix cells, CellMatrix counts, string? source, string path)
    {
        var name = string.IsNullOrEmpty(source) ? "X" : source;
        var values = counts.X.Values;
        var negative = values.AsSpan().IndexOfAnyInRange(float.NegativeInfinity, -float.Epsilon);
        if (negative >= 0)
        {
            throw new DataFormatException(path, name, $"holds negative values ({Where(counts, negative)}): PllmML needs raw counts; this looks like scaled data. {Hint(cells, name)}");
        }

        var fractional = Array.FindIndex(values, value => value != MathF.Round(value));
        return fractional < 0
            ? null
            : $"{path}: {name} holds non-integer values ({Where(counts, fractional)}): PllmML expects raw counts and normalises them itself, so log-normalised data would be normalised twice. {Hint(cells, name)}";
    }

    private static string Where(CellMatrix counts, int stored)
    {
        var cell = Array.FindLastIndex(counts.X.RowPointers, start => start <= stored);
        var gene = counts.X.ColumnIndices[stored];
        return string.Create(CultureInfo.InvariantCulture, $"{counts.X.Values[stored]:G6} for cell {counts.CellNames[cell]}, gene {counts.GeneNames[gene]}");
    }

    /// <summary>Names the matrices of the file that do hold whole numbers ≥ 0.</summary>
    private static string Hint(CellMatrix cells, string chosen)
    {
        var candidates = cells.Layers.Select(layer => (Name: layer.Key, Matrix: layer.Value)).Prepend((Name: "X", Matrix: cells.X));
        if (cells.Raw is { } raw)
        {
            candidates = candidates.Append((Name: "raw", Matrix: raw.X));
        }

        var counts = candidates.Where(candidate => candidate.Name != chosen && LooksLikeCounts(candidate.Matrix)).Select(candidate => candidate.Name).ToList();
        return counts.Count == 0
            ? "Give the file its raw counts (from scanpy: adata.X = adata.layers[\"counts\"])."
            : $"The file holds whole-number matrices in {string.Join(", ", counts)}: set the input's counts to {counts[0]} (config inputs[].counts, pllm predict --counts).";
    }

    private static bool LooksLikeCounts(CsrMatrix matrix) =>
        Array.TrueForAll(matrix.Values, value => value >= 0 && value == MathF.Round(value));
}
