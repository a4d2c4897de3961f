using System.IO.Compression;
using PllmML.Data.Proteins;

namespace PllmML.Data.Tests.Proteins;

/// <summary>Writes small FASTA inputs to temp folders, reads them whole, loads the bundled membership table.</summary>
internal static class ProteinTestFiles
{
    public static string RefogFasta => TestPaths.Bundled("proteins", "human_mouse_refog_proteins.fa");

    /// <summary>Writes the text (UTF-8, no BOM) to a fresh temp folder.</summary>
    public static string Write(string text, string fileName = "proteins.fa")
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), fileName);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Gzips the file into a fresh temp folder under a name without a .gz suffix.</summary>
    public static string Gzip(string source, string fileName = "proteins.txt")
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), fileName);
        using var input = File.OpenRead(source);
        using var output = new GZipStream(File.Create(path), CompressionLevel.Optimal);
        input.CopyTo(output);
        return path;
    }

    /// <summary>Reads every kept record and hands back the finished report.</summary>
    public static List<ProteinRecord> ReadAll(
        string path, ProteinCleaningPolicy policy, out ProteinCleaningReport report)
    {
        using var reader = new ProteinFastaReader(path, policy);
        var records = reader.ReadRecords().ToList();
        report = reader.Report;
        return records;
    }

    /// <summary>Reads a text input with the standard policy.</summary>
    public static List<ProteinRecord> ReadText(string text, out ProteinCleaningReport report) =>
        ReadAll(Write(text), ProteinCleaningPolicy.Standard, out report);

    /// <summary>The <c>membership.tsv</c> rows of the human and mouse proteins of the bundled FASTA, by id.</summary>
    public static Dictionary<string, MembershipRow> HumanMouseMembership()
    {
        var lines = File.ReadAllLines(TestPaths.Bundled("proteins", "membership.tsv"));
        var columns = lines[0].Split('\t').ToList();
        return lines.Skip(1)
            .Select(line => line.Split('\t'))
            .Select(fields => new MembershipRow(
                fields[columns.IndexOf("protein_id")],
                fields[columns.IndexOf("species")],
                fields[columns.IndexOf("refogs")],
                int.Parse(fields[columns.IndexOf("length")], System.Globalization.CultureInfo.InvariantCulture)))
            .Where(row => row.Species is "human" or "mouse")
            .ToDictionary(row => row.ProteinId);
    }

    /// <summary>One row of <c>membership.tsv</c>.</summary>
    internal readonly record struct MembershipRow(string ProteinId, string Species, string Refogs, int Length);
}
