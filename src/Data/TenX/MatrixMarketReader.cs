using System.Globalization;
using PllmML.Data.Text;

namespace PllmML.Data.TenX;

/// <summary>
/// Reads a 10x MatrixMarket file (genes × cells, 1-based, entries in any order) into a cells × genes CSR matrix.
/// Entries are parsed from spans of the line, without further allocation per entry.
/// </summary>
internal static class MatrixMarketReader
{
    /// <summary>Reads the file.</summary>
    /// <param name="path">The <c>matrix.mtx[.gz]</c> file.</param>
    /// <returns>The header and the transposed (cells × genes) matrix with the sum of its values.</returns>
    public static (MatrixMarketHeader Header, CsrMatrix CellsByGenes, double Sum) ReadTransposed(string path)
    {
        MatrixMarketHeader header;
        Entries entries;
        using (var reader = TextInput.OpenLines(path))
        {
            header = MatrixMarketHeader.Read(reader);
            entries = ReadEntries(reader, header);
        }

        var (pointers, genes, values) = Transpose(header, entries);
        if (FirstRepeat(pointers, genes) is { } at)
        {
            throw DuplicateError(path, at.Gene, at.Cell);
        }

        return (header, new CsrMatrix(header.Columns, header.Rows, pointers, genes, values), entries.Sum);
    }

    private static Entries ReadEntries(LineReader reader, MatrixMarketHeader header)
    {
        var entries = new Entries(header.StoredCount);
        var count = 0;
        while (reader.TryReadLine(out var line))
        {
            if (MatrixMarketHeader.IsSkipped(line))
            {
                continue;
            }

            if (count == header.StoredCount)
            {
                throw reader.Error(
                    $"more entries than the {header.StoredCount} the size line declares (entry {count + 1} is extra)");
            }

            ParseEntry(reader, line, header, out entries.Genes[count], out entries.Cells[count], out var value);
            entries.Values[count] = value;
            entries.Sum += value;
            count++;
        }

        if (count < header.StoredCount)
        {
            throw reader.Error(
                $"the file ends after {count} entries, but the size line declares {header.StoredCount}");
        }

        return entries;
    }

    private static void ParseEntry(
        LineReader reader, string line, MatrixMarketHeader header, out int gene, out int cell, out float value)
    {
        var span = line.AsSpan();
        var position = 0;
        var rowToken = NextToken(span, ref position);
        var columnToken = NextToken(span, ref position);
        var valueToken = NextToken(span, ref position);
        if (valueToken.IsEmpty || !NextToken(span, ref position).IsEmpty)
        {
            throw reader.Error($"expected an entry 'row column value', found {MatrixMarketHeader.Quote(line)}");
        }

        gene = ParseIndex(reader, rowToken, header.Rows, "row", "genes");
        cell = ParseIndex(reader, columnToken, header.Columns, "column", "cells");
        value = header.IsInteger ? ParseInteger(reader, valueToken) : ParseReal(reader, valueToken);
    }

    private static ReadOnlySpan<char> NextToken(ReadOnlySpan<char> line, ref int position)
    {
        while (position < line.Length && (line[position] == ' ' || line[position] == '\t'))
        {
            position++;
        }

        var start = position;
        while (position < line.Length && line[position] != ' ' && line[position] != '\t')
        {
            position++;
        }

        return line[start..position];
    }

    private static int ParseIndex(LineReader reader, ReadOnlySpan<char> token, int size, string axis, string what)
    {
        if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            throw reader.Error($"the {axis} index '{token}' is not an integer");
        }

        if (index < 1 || index > size)
        {
            throw reader.Error(
                $"the {axis} index {index} is outside 1..{size} (the size line declares {size} {axis}s = {what})");
        }

        return index - 1;
    }

    private static float ParseInteger(LineReader reader, ReadOnlySpan<char> token)
    {
        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count)
            && count >= 0)
        {
            return count;
        }

        throw reader.Error(DescribeBadCount(token, "the header declares 'integer'"));
    }

    private static float ParseReal(LineReader reader, ReadOnlySpan<char> token)
    {
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var count)
            && double.IsFinite(count) && count >= 0)
        {
            var single = (float)count;
            return float.IsFinite(single)
                ? single
                : throw reader.Error($"the count '{token}' is beyond the single-precision range");
        }

        throw reader.Error(DescribeBadCount(token, "counts must be finite numbers ≥ 0"));
    }

    private static string DescribeBadCount(ReadOnlySpan<char> token, string integerNote)
    {
        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return $"the count '{token}' is not a number";
        }

        if (!double.IsFinite(number))
        {
            return $"the count '{token}' is not finite; counts must be finite numbers ≥ 0";
        }

        return number < 0
            ? $"the count '{token}' is negative; counts must be ≥ 0"
            : $"the count '{token}' is not an integer, but {integerNote}";
    }

    private static (int[] Pointers, int[] Genes, float[] Values) Transpose(MatrixMarketHeader header, Entries entries)
    {
        var stored = header.StoredCount;
        var pointers = new int[header.Columns + 1];
        for (var k = 0; k < stored; k++)
        {
            pointers[entries.Cells[k] + 1]++;
        }

        for (var cell = 0; cell < header.Columns; cell++)
        {
            pointers[cell + 1] += pointers[cell];
        }

        var next = pointers[..^1];
        var genes = new int[stored];
        var values = new float[stored];
        for (var k = 0; k < stored; k++)
        {
            var slot = next[entries.Cells[k]]++;
            genes[slot] = entries.Genes[k];
            values[slot] = entries.Values[k];
        }

        SortRows(pointers, genes, values);
        return (pointers, genes, values);
    }

    private static void SortRows(int[] pointers, int[] genes, float[] values)
    {
        for (var cell = 0; cell + 1 < pointers.Length; cell++)
        {
            var start = pointers[cell];
            var length = pointers[cell + 1] - start;
            var keys = genes.AsSpan(start, length);
            if (!IsIncreasing(keys))
            {
                keys.Sort(values.AsSpan(start, length));
            }
        }
    }

    private static bool IsIncreasing(ReadOnlySpan<int> keys)
    {
        for (var k = 1; k < keys.Length; k++)
        {
            if (keys[k] <= keys[k - 1])
            {
                return false;
            }
        }

        return true;
    }

    private static (int Gene, int Cell)? FirstRepeat(int[] pointers, int[] genes)
    {
        for (var cell = 0; cell + 1 < pointers.Length; cell++)
        {
            for (var k = pointers[cell] + 1; k < pointers[cell + 1]; k++)
            {
                if (genes[k] == genes[k - 1])
                {
                    return (genes[k], cell);
                }
            }
        }

        return null;
    }

    private static DataFormatException DuplicateError(string path, int gene, int cell)
    {
        var lines = FindEntryLines(path, gene, cell);
        return new DataFormatException(
            path,
            "lines " + string.Join(" and ", lines),
            $"the entry at row {gene + 1}, column {cell + 1} (gene {gene + 1}, cell {cell + 1}) appears "
            + $"{lines.Count} times; each position may be stored only once");
    }

    private static List<long> FindEntryLines(string path, int gene, int cell)
    {
        var lines = new List<long>();
        using var reader = TextInput.OpenLines(path);
        var header = MatrixMarketHeader.Read(reader);
        while (reader.TryReadLine(out var line))
        {
            if (!MatrixMarketHeader.IsSkipped(line))
            {
                ParseEntry(reader, line, header, out var g, out var c, out _);
                if (g == gene && c == cell)
                {
                    lines.Add(reader.LineNumber);
                }
            }
        }

        return lines;
    }

    /// <summary>The entries as read, in file order.</summary>
    private sealed class Entries(int count)
    {
        public int[] Genes { get; } = new int[count];

        public int[] Cells { get; } = new int[count];

        public float[] Values { get; } = new float[count];

        public double Sum { get; set; }
    }
}
