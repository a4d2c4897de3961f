using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace PllmML.Data.TenX;

/// <summary>
/// Writes a 10x Genomics folder in the Cell Ranger ≥ 3 layout: <c>matrix.mtx.gz</c>, <c>features.tsv.gz</c>,
/// <c>barcodes.tsv.gz</c>, and a <c>cells.tsv</c> with the cell annotations when there are any.
/// </summary>
/// <remarks>
/// The matrix is genes × cells, <c>integer</c> when every value is a whole number and <c>real</c> otherwise, with
/// entries ordered by cell, then gene. Values are written exactly: whole numbers as integers, others in the shortest
/// text that reads back to the same single-precision value. The features file holds the <c>gene_ids</c> column (or
/// the gene names), the <c>gene_symbols</c> column (or the gene names) and the <c>feature_types</c> column (or
/// <c>Gene Expression</c>), so that <see cref="TenXReader"/> reads the folder back to the same names.
/// </remarks>
public static class TenXWriter
{
    /// <summary>The feature type written when the data has no <c>feature_types</c> column.</summary>
    public const string DefaultFeatureType = "Gene Expression";

    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    /// <summary>Writes the data into the folder (created when missing); existing files of the layout are replaced.</summary>
    /// <param name="data">The cells × genes data; values must be finite and ≥ 0 (counts).</param>
    /// <param name="folder">The target folder.</param>
    /// <exception cref="ArgumentException">
    /// A value is negative or not finite, or a name holds a line break, which the text files cannot hold.
    /// </exception>
    /// <remarks>A <c>cells.tsv</c> left in the folder is deleted when the data has no cell annotations.</remarks>
    public static void Write(CellMatrix data, string folder)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(folder);
        var isInteger = CheckValues(data.X);
        Directory.CreateDirectory(folder);
        WriteMatrix(Path.Combine(folder, TenXFiles.MatrixName + ".gz"), data.X, isInteger);
        WriteFeatures(Path.Combine(folder, TenXFiles.FeaturesName + ".gz"), data.Var);
        WriteLines(Path.Combine(folder, TenXFiles.BarcodesName + ".gz"), data.Obs.Names.Select(Field));
        var cellTable = Path.Combine(folder, TenXFiles.CellTableName);
        if (data.Obs.ColumnNames.Count > 0)
        {
            WriteCellTable(cellTable, data.Obs);
        }
        else
        {
            File.Delete(cellTable);
        }
    }

    private static bool CheckValues(CsrMatrix x)
    {
        var isInteger = true;
        foreach (var value in x.Values.AsSpan(0, x.StoredCount))
        {
            if (!float.IsFinite(value) || value < 0)
            {
                throw new ArgumentException(
                    $"The matrix holds the value {value.ToString("R", CultureInfo.InvariantCulture)}; a 10x matrix "
                    + "holds counts, finite and ≥ 0.", nameof(x));
            }

            isInteger &= float.IsInteger(value);
        }

        return isInteger;
    }

    private static StreamWriter CreateText(string path, bool compress)
    {
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Stream stream = compress ? new GZipStream(file, CompressionLevel.Optimal) : file;
        return new StreamWriter(stream, Utf8, 1 << 16) { NewLine = "\n" };
    }

    private static void WriteMatrix(string path, CsrMatrix x, bool isInteger)
    {
        using var writer = CreateText(path, compress: true);
        writer.WriteLine($"{MatrixMarketHeader.Banner} matrix coordinate {(isInteger ? "integer" : "real")} general");
        writer.WriteLine(
            $"{MatrixMarketHeader.MetadataPrefix} {{\"software_version\": \"PllmML {Version()}\", \"format_version\": 2}}");
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{x.ColumnCount} {x.RowCount} {x.StoredCount}"));
        Span<char> buffer = stackalloc char[64];
        for (var cell = 0; cell < x.RowCount; cell++)
        {
            var genes = x.RowColumns(cell);
            var values = x.RowValues(cell);
            for (var k = 0; k < genes.Length; k++)
            {
                var length = FormatEntry(buffer, genes[k] + 1, cell + 1, values[k], isInteger);
                writer.Write(buffer[..length]);
            }
        }
    }

    private static int FormatEntry(Span<char> buffer, int row, int column, float value, bool isInteger)
    {
        var culture = CultureInfo.InvariantCulture;
        row.TryFormat(buffer, out var length, default, culture);
        buffer[length++] = ' ';
        column.TryFormat(buffer[length..], out var written, default, culture);
        length += written;
        buffer[length++] = ' ';
        _ = isInteger
            ? ((long)value).TryFormat(buffer[length..], out written, default, culture)
            : value.TryFormat(buffer[length..], out written, "R", culture);
        length += written;
        buffer[length++] = '\n';
        return length;
    }

    private static void WriteFeatures(string path, AnnotationTable var)
    {
        var ids = ColumnOrNames(var, TenXReader.GeneIdsColumn);
        var symbols = ColumnOrNames(var, TenXReader.GeneSymbolsColumn);
        var types = var.TryGetColumn(TenXReader.FeatureTypesColumn, out var column) ? column : null;
        WriteLines(path, Enumerable.Range(0, var.RowCount).Select(gene => string.Join(
            '\t', Field(ids(gene)), Field(symbols(gene)), Field(types?.FormatValue(gene) ?? DefaultFeatureType))));
    }

    private static Func<int, string> ColumnOrNames(AnnotationTable table, string name) =>
        table.TryGetColumn(name, out var column) ? column.FormatValue : gene => table.Names[gene];

    private static void WriteCellTable(string path, AnnotationTable obs)
    {
        var header = string.Join('\t', obs.ColumnNames.Prepend("barcode").Select(Field));
        var columns = obs.ColumnNames.Select(name => obs[name]).ToArray();
        var rows = Enumerable.Range(0, obs.RowCount).Select(cell => string.Join(
            '\t', columns.Select(c => Field(FormatCell(c, cell))).Prepend(Field(obs.Names[cell]))));
        using var writer = CreateText(path, compress: false);
        foreach (var line in rows.Prepend(header))
        {
            writer.WriteLine(line);
        }
    }

    private static string FormatCell(AnnotationColumn column, int row) => column switch
    {
        NumericColumn numeric when double.IsNaN(numeric.Values[row]) => string.Empty,
        NumericColumn numeric => numeric.Values[row].ToString("R", CultureInfo.InvariantCulture),
        _ => column.FormatValue(row),
    };

    private static void WriteLines(string path, IEnumerable<string> lines)
    {
        using var writer = CreateText(path, compress: true);
        foreach (var line in lines)
        {
            writer.WriteLine(line);
        }
    }

    /// <summary>One field of a tab-separated line, quoted (pandas style) when it holds a tab or starts with a quote.</summary>
    private static string Field(string value)
    {
        if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The name or value '{value}' holds a line break, which a 10x text file cannot hold.");
        }

        return value.Contains('\t', StringComparison.Ordinal) || value.StartsWith('"')
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    private static string Version() =>
        typeof(TenXWriter).Assembly.GetName().Version?.ToString(3) ?? "unknown";
}
