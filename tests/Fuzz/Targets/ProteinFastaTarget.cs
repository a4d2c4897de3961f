using PllmML.Data.Proteins;

namespace PllmML.Fuzz.Tests.Targets;

/// <summary>Protein FASTA files read by <see cref="ProteinFastaReader"/>: the bundled <c>some_proteins.fasta</c>.</summary>
public sealed class ProteinFastaTarget : FuzzTarget
{
    private static readonly Lazy<byte[][]> SeedFiles = new(() =>
        [File.ReadAllBytes(TestPaths.Bundled("proteins", "some_proteins.fasta"))]);

    /// <inheritdoc />
    public override string Name => "protein-fasta";

    /// <inheritdoc />
    public override string Extension => ".fasta";

    /// <inheritdoc />
    public override bool IsText => true;

    /// <inheritdoc />
    public override IReadOnlyList<byte[]> Seeds() => SeedFiles.Value;

    /// <inheritdoc />
    public override string Read(string path)
    {
        using var reader = new ProteinFastaReader(path);
        var digest = new FuzzDigest();
        while (reader.TryRead(out var record))
        {
            digest.Add(record.ProteinId).Add(record.GeneSymbol).Add(record.Sequence);
        }

        return digest.ToString();
    }
}
