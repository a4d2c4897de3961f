using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
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

    /// <summary>
    /// Reads a file's raw counts as the model takes them (<see cref="Select"/>, then <see cref="Prepare"/>). X of an
    /// <c>.h5ad</c> file stored as CSR, and the counts of a Cell Ranger <c>.h5</c> file, stay on disk (<see cref="CellMatrix.XIsBacked"/>): every pass over the cells reads
    /// it a block at a time, so a file larger than memory can be fitted or predicted.
    /// </summary>
    /// <param name="path">The file or 10x folder.</param>
    /// <param name="source">The counts source: null or <c>X</c>, <c>raw</c>, or a layer name.</param>
    /// <param name="kind">The declared kind; null when none was declared.</param>
    /// <returns>The whole file as read, the counts with the file's obs and var, and a warning when they do not look like counts.</returns>
    /// <exception cref="DataFormatException">The file is malformed, or its values do not fit the declared kind.</exception>
    public static (CellMatrix File, CellMatrix Counts, string? Warning) Read(string path, string? source, InputKind? kind)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = DataFiles.ReadCells(path, makeNamesUnique: false, genome: null, backed: true).Data;
        var (counts, warning) = Prepare(file, Select(file, source, path), source, path, kind);
        return (file, counts, warning);
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
                return (counts, CheckOnce(cells, counts, source, path));
            case InputKind.Counts:
                _ = CheckOnce(cells, counts, source, path) is null ? 0
                    : throw new DataFormatException(path, name, $"declared as counts, but holds non-integer values ({Describe(counts, Find(counts, value => value != MathF.Round(value))!.Value)}). "
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
            throw new DataFormatException(path, name, $"declared as log-normalised, but holds negative values ({Describe(counts, At(counts.X, 0, negative))}): this looks like scaled data, which cannot be turned back into counts");
        }

        // ln(1 + x) of a count scaled to 10⁴ (or even 10⁶) stays below 15; larger values are counts, not logarithms.
        var large = Array.FindIndex(values, value => value > 30 || !float.IsFinite(value));
        if (large >= 0 || (values.Length > 0 && Array.TrueForAll(values, value => value == MathF.Round(value))))
        {
            var where = large >= 0 ? Describe(counts, At(counts.X, 0, large)) : "every value is a whole number";
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

    /// <summary>
    /// <see cref="Check"/>, once per file version and matrix in this process: counts that stay on disk are checked by a
    /// pass over the whole file, and a <c>pllm run</c> reads each input in its fit and again in its predict stage. A file
    /// that changed since (length or time of last write) is checked again.
    /// </summary>
    private static string? CheckOnce(CellMatrix cells, CellMatrix counts, string? source, string path)
    {
        if (!counts.XIsBacked || !File.Exists(path))
        {
            return Check(cells, counts, source, path);
        }

        var file = new FileInfo(path);
        var key = (Path.GetFullPath(path), file.Length, file.LastWriteTimeUtc, string.IsNullOrEmpty(source) ? "X" : source);
        if (Checked.TryGetValue(key, out var warning))
        {
            return warning;
        }

        warning = Check(cells, counts, source, path);
        Checked[key] = warning;
        return warning;
    }

    private static readonly ConcurrentDictionary<(string Path, long Length, DateTime Written, string Matrix), string?> Checked = new();

    /// <summary>Refuses negative values; returns a warning when the matrix holds non-integer values, else null.</summary>
    /// <param name="cells">The whole file as read (for the alternatives it holds).</param>
    /// <param name="counts">The matrix chosen by <see cref="Select"/>.</param>
    /// <param name="source">The counts source as configured (null = X).</param>
    /// <param name="path">The file, for the messages.</param>
    public static string? Check(CellMatrix cells, CellMatrix counts, string? source, string path)
    {
        var name = string.IsNullOrEmpty(source) ? "X" : source;
        // One pass over the values (a block of cells at a time when X stays on disk): the first negative value refuses the
        // matrix, the first fractional one is remembered for the warning.
        (int Cell, int Gene, float Value)? fractional = null;
        var first = 0;
        var rounded = new float[WholeNumberChunk];
        foreach (var block in counts.Rows.Blocks(ScanBlock))
        {
            var values = block.Values.AsSpan(0, block.StoredCount);
            var negative = values.IndexOfAnyInRange(float.NegativeInfinity, -float.Epsilon);
            if (negative >= 0)
            {
                throw new DataFormatException(path, name, $"holds negative values ({Describe(counts, At(block, first, negative))}): PllmML needs raw counts; this looks like scaled data. {Hint(cells, name)}");
            }

            if (fractional is null && FirstFractional(values, rounded) is var at and >= 0)
            {
                fractional = At(block, first, at);
            }

            first += block.RowCount;
        }

        return fractional is not { } where
            ? null
            : $"{path}: {name} holds non-integer values ({Describe(counts, where)}): PllmML expects raw counts and normalises them itself, so log-normalised data would be normalised twice. {Hint(cells, name)}";
    }

    // Cells per block when X stays on disk: about 16 MB of stored values at 2,000 genes a cell.
    private const int ScanBlock = 1024;

    // Values compared with their rounding at a time (vectorised); only a chunk that differs is searched value by value.
    private const int WholeNumberChunk = 4096;

    /// <summary>
    /// The first value that is not a whole number (NaN included), or −1: the same answer as testing
    /// <c>value != MathF.Round(value)</c> one value at a time, which a counts matrix of 10⁹ values would pay for with
    /// 10⁹ delegate calls.
    /// </summary>
    private static int FirstFractional(ReadOnlySpan<float> values, float[] rounded)
    {
        for (var start = 0; start < values.Length; start += rounded.Length)
        {
            var part = values.Slice(start, Math.Min(rounded.Length, values.Length - start));
            var round = rounded.AsSpan(0, part.Length);
            TensorPrimitives.Round(part, round);
            var whole = MemoryMarshal.Cast<float, int>(part)
                .SequenceEqual(MemoryMarshal.Cast<float, int>((ReadOnlySpan<float>)round));
            if (!whole || part.IndexOfAnyExceptInRange(float.NegativeInfinity, float.PositiveInfinity) >= 0)
            {
                return start + IndexOf(part, value => value != MathF.Round(value));
            }
        }

        return -1;
    }

    private static int IndexOf(ReadOnlySpan<float> values, Func<float, bool> match)
    {
        for (var k = 0; k < values.Length; k++)
        {
            if (match(values[k]))
            {
                return k;
            }
        }

        return -1;
    }

    /// <summary>The first stored value that matches, as (cell, gene, value); null when none does.</summary>
    private static (int Cell, int Gene, float Value)? Find(CellMatrix counts, Func<float, bool> match)
    {
        var first = 0;
        foreach (var block in counts.Rows.Blocks(ScanBlock))
        {
            if (IndexOf(block.Values.AsSpan(0, block.StoredCount), match) is var at and >= 0)
            {
                return At(block, first, at);
            }

            first += block.RowCount;
        }

        return null;
    }

    private static (int Cell, int Gene, float Value) At(CsrMatrix block, int firstCell, int stored) =>
        (firstCell + Array.FindLastIndex(block.RowPointers, start => start <= stored), block.ColumnIndices[stored], block.Values[stored]);

    private static string Describe(CellMatrix counts, (int Cell, int Gene, float Value) where) =>
        string.Create(CultureInfo.InvariantCulture, $"{where.Value:G6} for cell {counts.CellNames[where.Cell]}, gene {counts.GeneNames[where.Gene]}");

    /// <summary>Names the matrices of the file that do hold whole numbers ≥ 0.</summary>
    private static string Hint(CellMatrix cells, string chosen)
    {
        var candidates = cells.Layers.Select(layer => (Name: layer.Key, Matrix: (ICellRows)layer.Value));
        if (cells.HasX)
        {
            candidates = candidates.Prepend((Name: "X", Matrix: cells.Rows));
        }

        if (cells.Raw is { } raw)
        {
            candidates = candidates.Append((Name: "raw", Matrix: raw.X));
        }

        var counts = candidates.Where(candidate => candidate.Name != chosen && LooksLikeCounts(candidate.Matrix)).Select(candidate => candidate.Name).ToList();
        return counts.Count == 0
            ? "Give the file its raw counts (from scanpy: adata.X = adata.layers[\"counts\"])."
            : $"The file holds whole-number matrices in {string.Join(", ", counts)}: set the input's counts to {counts[0]} (config inputs[].counts, pllm predict --counts).";
    }

    private static bool LooksLikeCounts(ICellRows matrix) =>
        matrix.Blocks(ScanBlock).All(block => IndexOf(block.Values.AsSpan(0, block.StoredCount), value => value < 0 || value != MathF.Round(value)) < 0);
}
