using System.Globalization;
using PllmML.Data.Text;

namespace PllmML.Data.TenX;

/// <summary>
/// Reads <c>cells.tsv</c>: a header line <c>barcode	cell_type	…</c>, then one tab-separated row per barcode. Not part
/// of the 10x standard; our bundled folders ship it to carry the cell annotations.
/// </summary>
internal static class CellTable
{
    /// <summary>Reads the table and adds its columns to <paramref name="obs"/>, matched by barcode.</summary>
    /// <param name="path">The <c>cells.tsv</c> file.</param>
    /// <param name="barcodesPath">The barcodes file, named when the barcodes differ.</param>
    /// <param name="obs">The cell annotations; its names are the barcodes as read.</param>
    public static void ReadInto(string path, string barcodesPath, AnnotationTable obs)
    {
        using var reader = TextInput.OpenLines(path);
        var header = ReadHeader(reader);
        var rows = ReadRows(reader, header.Length);
        var order = MatchRows(path, barcodesPath, rows, obs.Names);
        for (var column = 1; column < header.Length; column++)
        {
            var values = new string[order.Length];
            for (var cell = 0; cell < order.Length; cell++)
            {
                values[cell] = rows.Fields[order[cell]][column];
            }

            obs.Set(header[column], ToColumn(values));
        }
    }

    private static string[] ReadHeader(LineReader reader)
    {
        var fields = new List<string>();
        if (!reader.TryReadLine(out var line))
        {
            throw reader.Error("the file is empty; expected a header line 'barcode<TAB>column<TAB>…'");
        }

        var problem = DelimitedLine.Split(line, '\t', fields);
        if (problem is not null)
        {
            throw reader.Error(problem);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in fields.Skip(1))
        {
            if (name.Length == 0 || !seen.Add(name))
            {
                throw reader.Error($"the header names the column '{name}' {(name.Length == 0 ? "(empty)" : "twice")}; "
                    + "column names must be non-empty and unique");
            }
        }

        return [.. fields];
    }

    private static Rows ReadRows(LineReader reader, int width)
    {
        var rows = new Rows();
        var fields = new List<string>();
        while (reader.TryReadLine(out var line))
        {
            var problem = DelimitedLine.Split(line, '\t', fields);
            if (problem is not null)
            {
                throw reader.Error(problem);
            }

            if (fields.Count != width)
            {
                throw reader.Error($"has {fields.Count} tab-separated fields, but the header has {width}");
            }

            rows.Fields.Add([.. fields]);
            rows.Lines.Add(reader.LineNumber);
        }

        return rows;
    }

    private static int[] MatchRows(string path, string barcodesPath, Rows rows, string[] barcodes)
    {
        var file = Path.GetFileName(barcodesPath);
        if (rows.Fields.Count != barcodes.Length)
        {
            var last = rows.Lines.Count == 0 ? 1 : rows.Lines[^1];
            throw new DataFormatException(path, $"line {last}",
                $"has {rows.Fields.Count} cell rows, but {file} has {barcodes.Length} barcodes; it needs one row per barcode");
        }

        if (InSameOrder(rows, barcodes))
        {
            return [.. Enumerable.Range(0, barcodes.Length)];
        }

        var position = BarcodePositions(path, file, barcodes);
        var order = new int[barcodes.Length];
        Array.Fill(order, -1);
        for (var row = 0; row < rows.Fields.Count; row++)
        {
            var barcode = rows.Fields[row][0];
            var known = position.TryGetValue(barcode, out var cell);
            if (!known || order[cell] >= 0)
            {
                throw new DataFormatException(path, $"line {rows.Lines[row]}",
                    $"the barcode '{barcode}' {(known ? "appears twice" : $"is not in {file}")}; "
                    + $"the rows must hold the barcodes of {file}");
            }

            order[cell] = row;
        }

        return order;
    }

    private static bool InSameOrder(Rows rows, string[] barcodes)
    {
        for (var i = 0; i < barcodes.Length; i++)
        {
            if (!string.Equals(rows.Fields[i][0], barcodes[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static Dictionary<string, int> BarcodePositions(string path, string file, string[] barcodes)
    {
        var position = new Dictionary<string, int>(barcodes.Length, StringComparer.Ordinal);
        for (var i = 0; i < barcodes.Length; i++)
        {
            if (!position.TryAdd(barcodes[i], i))
            {
                throw new DataFormatException(path, string.Empty,
                    $"cannot match rows to barcodes: {file} repeats '{barcodes[i]}' and the rows are in another order");
            }
        }

        return position;
    }

    private static AnnotationColumn ToColumn(string[] values)
    {
        var numbers = new double[values.Length];
        var present = 0;
        var integral = true;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i].Length == 0)
            {
                numbers[i] = double.NaN;
                integral = false;
                continue;
            }

            if (!double.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return CategoricalColumn.FromValues(values.Select(v => v.Length == 0 ? null : v).ToArray());
            }

            present++;
            integral &= double.IsInteger(numbers[i]);
        }

        if (present == 0)
        {
            return CategoricalColumn.FromValues(new string?[values.Length]);
        }

        return new NumericColumn(numbers, integral ? NumericType.Int64 : NumericType.Float64);
    }

    private sealed class Rows
    {
        public List<string[]> Fields { get; } = [];

        public List<long> Lines { get; } = [];
    }
}
