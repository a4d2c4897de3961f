using System.Globalization;
using PllmML.Data.Proteins;
using PllmML.Esm.Embedding;

namespace PllmML.Esm.Tests;

public class EmbeddingShardTests
{
    [Theory]
    [InlineData("1/1", 1, 1)]
    [InlineData("3/8", 3, 8)]
    [InlineData("8/8", 8, 8)]
    [InlineData("100/1000", 100, 1000)]
    public void Parse_OneBasedShard_GivesNumberAndCount(string text, int number, int count)
    {
        var shard = EmbeddingShard.Parse(text);

        Assert.Equal((number, count), (shard.Number, shard.Count));
        Assert.Equal(text, shard.ToString());
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("3")]
    [InlineData("a/3")]
    [InlineData("3/0")]
    [InlineData("-1/3")]
    [InlineData("+1/3")]
    [InlineData(" 1/3")]
    [InlineData("1/3/5")]
    [InlineData("1.5/3")]
    [InlineData("")]
    public void Parse_Malformed_ThrowsFormatExceptionQuotingTheText(string text)
    {
        var exception = Assert.Throws<FormatException>(() => EmbeddingShard.Parse(text));

        Assert.Contains($"'{text}'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NumberOf_BundledProteins_MatchesThePythonReference()
    {
        var reference = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "tests", "Esm", "Fixtures", "shard_assignment.tsv"))
            .Skip(1).Select(line => line.Split('\t')).ToDictionary(fields => fields[0], fields => fields);
        using var reader = new ProteinFastaReader(TestPaths.Bundled("proteins", "human_mouse_refog_proteins.fa"));
        var proteins = reader.ReadRecords().ToList();

        Assert.Equal(reference.Count, proteins.Count);
        foreach (var protein in proteins)
        {
            var fields = reference[protein.ProteinId];
            var hash = EmbeddingKey.Hash(protein.Sequence);
            Assert.Equal(fields[1], Convert.ToHexStringLower(hash));
            Assert.Equal(int.Parse(fields[2], CultureInfo.InvariantCulture), EmbeddingShard.NumberOf(hash, 3));
            Assert.Equal(int.Parse(fields[3], CultureInfo.InvariantCulture), EmbeddingShard.NumberOf(hash, 8));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public void Contains_EverySequenceBelongsToExactlyOneShard(int count)
    {
        using var reader = new ProteinFastaReader(TestPaths.Bundled("proteins", "human_mouse_refog_proteins.fa"));
        var hashes = reader.ReadRecords().Select(protein => EmbeddingKey.Hash(protein.Sequence)).ToList();
        var shards = Enumerable.Range(1, count).Select(number => new EmbeddingShard(number, count)).ToList();

        Assert.All(hashes, hash => Assert.Single(shards, shard => shard.Contains(hash)));
        if (count > 1)
        {
            Assert.All(shards, shard => Assert.Contains(hashes, hash => shard.Contains(hash)));
        }
    }
}
