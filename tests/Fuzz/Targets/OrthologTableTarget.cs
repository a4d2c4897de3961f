using PllmML.Data.Orthologs;

namespace PllmML.Fuzz.Tests.Targets;

/// <summary>Ortholog tables read by <see cref="OrthologTableReader.Read"/>: the first rows of the bundled CACIMAR
/// human–mouse table, and the same pairs as a two-column gene-pair table.</summary>
public sealed class OrthologTableTarget : FuzzTarget
{
    private static readonly Lazy<byte[][]> SeedFiles = new(() =>
    {
        var lines = File.ReadLines(TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv")).Take(60).ToList();
        var pairs = lines.Skip(1).Select(line => line.Split('\t')).Where(fields => fields.Length >= 5)
            .Select(fields => $"{fields[2]}\t{fields[4]}").Prepend("human\tmouse");
        return [System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"), System.Text.Encoding.UTF8.GetBytes(string.Join('\n', pairs) + "\n")];
    });

    /// <inheritdoc />
    public override string Name => "ortholog-table";

    /// <inheritdoc />
    public override string Extension => ".tsv";

    /// <inheritdoc />
    public override bool IsText => true;

    /// <inheritdoc />
    public override IReadOnlyList<byte[]> Seeds() => SeedFiles.Value;

    /// <inheritdoc />
    public override string Read(string path)
    {
        var table = OrthologTableReader.Read(path);
        return new FuzzDigest().Add(table.Kind.ToString()).Add(table.Pairs.Pairs.Select(pair => pair.ToString())).ToString();
    }
}
