using PllmML.Data.Text;

namespace PllmML.Data.TenX;

/// <summary>Reads the barcodes file and checks name counts against the matrix.</summary>
internal static class NameFile
{
    /// <summary>Reads one barcode per line (the first tab-separated field).</summary>
    /// <param name="path">The barcodes file.</param>
    /// <param name="matrixPath">The matrix file, named when the counts differ.</param>
    /// <param name="expected">The number of matrix columns.</param>
    public static string[] ReadBarcodes(string path, string matrixPath, int expected)
    {
        var barcodes = new List<string>(expected);
        var fields = new List<string>();
        using var reader = TextInput.OpenLines(path);
        while (reader.TryReadLine(out var line))
        {
            var problem = DelimitedLine.Split(line, '\t', fields);
            if (problem is not null)
            {
                throw reader.Error(problem);
            }

            if (fields[0].Length == 0)
            {
                throw reader.Error("the barcode is empty");
            }

            barcodes.Add(fields[0]);
        }

        CheckCount(path, reader.LineNumber, barcodes.Count, expected, matrixPath, "columns (cells)");
        return [.. barcodes];
    }

    /// <summary>Throws when a names file has a different number of lines than the matrix has rows or columns.</summary>
    /// <param name="path">The names file.</param>
    /// <param name="lastLine">The number of its last line.</param>
    /// <param name="count">The number of names read.</param>
    /// <param name="expected">The matrix dimension.</param>
    /// <param name="matrixPath">The matrix file.</param>
    /// <param name="dimension">What the dimension is, e.g. <c>rows (genes)</c>.</param>
    public static void CheckCount(string path, long lastLine, int count, int expected, string matrixPath, string dimension)
    {
        if (count == expected)
        {
            return;
        }

        var location = count < expected ? (lastLine == 0 ? "end of file" : $"line {lastLine}") : $"line {expected + 1}";
        throw new DataFormatException(
            path,
            location,
            $"{Path.GetFileName(path)} has {count} lines, but {Path.GetFileName(matrixPath)} declares {expected} "
            + $"{dimension}; it needs one line for each");
    }
}
