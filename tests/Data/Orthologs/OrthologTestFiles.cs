using System.IO.Compression;

namespace PllmML.Data.Tests.Orthologs;

/// <summary>Paths of the reference ortholog tables and small hand-written inputs.</summary>
internal static class OrthologTestFiles
{
    public const string BiomartHeader =
        "Gene name\tMouse gene name\tMouse homology type\t%id. target Mouse gene identical to query gene\t"
        + "%id. query gene identical to target Mouse gene\tMouse Gene-order conservation score\t"
        + "Mouse Whole-genome alignment coverage\tMouse orthology confidence [0 low, 1 high]";

    public static string Shared(params string[] parts) => TestPaths.Shared(["orthologs", .. parts]);

    public static string Cacimar => TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv");

    /// <summary>Writes the lines (each ended by <c>\n</c>) to a new file in a fresh temp folder.</summary>
    public static string Write(string fileName, params string[] lines)
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), fileName);
        File.WriteAllText(path, string.Concat(lines.Select(line => line + "\n")));
        return path;
    }

    /// <summary>Gzips a file into a fresh temp folder.</summary>
    public static string Gzip(string source)
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), Path.GetFileName(source) + ".gz");
        using var input = File.OpenRead(source);
        using var output = File.Create(path);
        using var gzip = new GZipStream(output, CompressionLevel.Fastest);
        input.CopyTo(gzip);
        return path;
    }

    /// <summary>Splits every data line of a tab- or comma-separated file the simple way (no quotes in these files).</summary>
    public static string[][] SplitDataLines(string path, char delimiter) =>
        File.ReadLines(path).Skip(1).Select(line => line.Split(delimiter)).ToArray();
}
