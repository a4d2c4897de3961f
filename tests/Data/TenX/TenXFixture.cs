using System.IO.Compression;
using System.Text;

namespace PllmML.Data.Tests.TenX;

/// <summary>Small 10x folders written in temp folders: 3 genes × 2 cells unless a test replaces a file.</summary>
internal static class TenXFixture
{
    /// <summary>Banner, metadata comment, size line (line 3), then entries on lines 4–7.</summary>
    public const string Matrix =
        "%%MatrixMarket matrix coordinate integer general\n"
        + "%metadata_json: {\"software_version\": \"test\", \"format_version\": 2}\n"
        + "3 2 4\n"
        + "1 1 5\n"
        + "3 1 1\n"
        + "2 2 7\n"
        + "3 2 2\n";

    public static readonly string[] Features =
        ["ENSG01\tG1\tGene Expression", "ENSG02\tG2\tGene Expression", "ENSG03\tG3\tGene Expression"];

    public static readonly string[] Barcodes = ["AAAC-1", "AAAG-1"];

    /// <summary>The matrix with its banner and size line replaced and the given entry lines.</summary>
    public static string MatrixWith(string entries, string size = "3 2 4", string field = "integer") =>
        $"%%MatrixMarket matrix coordinate {field} general\n%metadata_json: {{}}\n{size}\n{entries}";

    /// <summary>Writes a folder; each file is gzip-compressed (with a <c>.gz</c> name) when <paramref name="gzip"/>.</summary>
    public static string Folder(
        string? matrix = null, string[]? features = null, string[]? barcodes = null, bool gzip = false,
        string? cells = null)
    {
        var folder = TestPaths.NewTempFolder();
        var suffix = gzip ? ".gz" : string.Empty;
        WriteText(Path.Combine(folder, "matrix.mtx" + suffix), matrix ?? Matrix, gzip);
        WriteText(Path.Combine(folder, "features.tsv" + suffix), Lines(features ?? Features), gzip);
        WriteText(Path.Combine(folder, "barcodes.tsv" + suffix), Lines(barcodes ?? Barcodes), gzip);
        if (cells is not null)
        {
            WriteText(Path.Combine(folder, "cells.tsv"), cells, gzip: false);
        }

        return folder;
    }

    public static string Lines(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\n"));

    public static void WriteText(string path, string text, bool gzip)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return;
        }

        using var file = File.Create(path);
        using var stream = new GZipStream(file, CompressionLevel.Optimal);
        stream.Write(bytes);
    }

    /// <summary>The decompressed lines of a gzip file.</summary>
    public static string[] ReadGzipLines(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd().Split('\n');
    }

    /// <summary>Asserts that the error names the file and the place.</summary>
    public static void AssertNames(DataFormatException error, string path, string location)
    {
        Assert.Equal(path, error.FilePath);
        Assert.Equal(location, error.Location);
        Assert.Contains(Path.GetFileName(path), error.Message, StringComparison.Ordinal);
        Assert.Contains(location, error.Message, StringComparison.Ordinal);
    }
}
