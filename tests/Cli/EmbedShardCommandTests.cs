using System.Text;
using System.Text.RegularExpressions;
using PllmML.Esm.Embedding;

namespace PllmML.Cli.Tests;

/// <summary><c>pllm embed --shard i/n</c>, <c>pllm embed merge</c> and the final pooling run, on bundled proteins.</summary>
public partial class EmbedShardCommandTests
{
    private static readonly string TinyModel = TestPaths.Bundled("esm2", "tiny", "hf");

    [Fact]
    public void Shards_MergedThenPooled_WriteTheUnshardedGeneFileBitForBit()
    {
        var folder = TestPaths.NewTempFolder();
        var fasta = BundledGeneFasta(folder);
        string[] common = ["--model", TinyModel, "--fasta", .. fasta, "--max-tokens", "3"];
        var unsharded = Path.Combine(folder, "unsharded.tsv");
        Assert.Equal(0, CliRun.Of(["embed", .. common, "--out", unsharded]).ExitCode);

        var shardRuns = Enumerable.Range(1, 3).Select(i => CliRun.Of(["embed", .. common, "--shard", $"{i}/3", "--store", Path.Combine(folder, $"shard_{i}")])).ToList();
        var merge = CliRun.Of("embed", "merge", "--into", Path.Combine(folder, "embeddings"), Path.Combine(folder, "shard_1"), Path.Combine(folder, "shard_2"), Path.Combine(folder, "shard_3"));
        var pooled = Path.Combine(folder, "genes.tsv");
        var pool = CliRun.Of(["embed", .. common, "--store", Path.Combine(folder, "embeddings"), "--store-only", "--out", pooled]);

        Assert.All(shardRuns, run => Assert.Equal(0, run.ExitCode));
        var distinct = DistinctSequences(fasta);
        var perShard = shardRuns.Select(run => int.Parse(ShardLine().Match(run.Output).Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(distinct, perShard.Sum());
        Assert.All(shardRuns, run => Assert.Contains($"of {distinct:N0} distinct sequences", run.Output, StringComparison.Ordinal));
        Assert.Equal(0, merge.ExitCode);
        Assert.Contains($"{distinct:N0} new, 0 already present", merge.Output, StringComparison.Ordinal);
        Assert.Equal(0, pool.ExitCode);
        Assert.Contains($"{distinct:N0} from the store, 0 computed", pool.Output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(unsharded), File.ReadAllBytes(pooled));
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "unsharded.audit.tsv")), File.ReadAllBytes(Path.Combine(folder, "genes.audit.tsv")));
        Assert.True(File.ReadAllLines(pooled).Length > 50);
    }

    [Fact]
    public void StoreOnly_WithAShardNotMerged_FailsNamingTheStoreAndComputesNothing()
    {
        var folder = TestPaths.NewTempFolder();
        var fasta = BundledGeneFasta(folder, maxLength: 200);
        string[] common = ["--model", TinyModel, "--fasta", .. fasta];
        foreach (var i in new[] { 1, 2 })
        {
            Assert.Equal(0, CliRun.Of(["embed", .. common, "--shard", $"{i}/3", "--store", Path.Combine(folder, $"shard_{i}")]).ExitCode);
        }

        var merged = Path.Combine(folder, "embeddings");
        Assert.Equal(0, CliRun.Of("embed", "merge", "--into", merged, Path.Combine(folder, "shard_1"), Path.Combine(folder, "shard_2")).ExitCode);
        var countBefore = StoreCount(merged);

        var run = CliRun.Of(["embed", .. common, "--store", merged, "--store-only", "--out", Path.Combine(folder, "genes.tsv")]);

        Assert.Equal(PllmCommandLine.BadInput, run.ExitCode);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Contains(merged, run.Error, StringComparison.Ordinal);
        Assert.Contains($"{DistinctSequences(fasta) - countBefore:N0} distinct sequences are not in the store", run.Error, StringComparison.Ordinal);
        Assert.Equal(countBefore, StoreCount(merged));
        Assert.False(File.Exists(Path.Combine(folder, "genes.tsv")));
    }

    [Fact]
    public void StoreOnly_WithAMistypedStore_FailsAndCreatesNothing()
    {
        var folder = TestPaths.NewTempFolder();
        var store = Path.Combine(folder, "embedings");

        var run = CliRun.Of("embed", "--model", TinyModel, "--fasta", TestPaths.Bundled("proteins", "few_proteins.fasta"), "--store", store, "--store-only", "--out", Path.Combine(folder, "g.tsv"), "--level", "protein");

        Assert.Equal(PllmCommandLine.BadInput, run.ExitCode);
        Assert.Contains("embedings: no embedding store here", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(store));
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("3")]
    [InlineData("three/8")]
    [InlineData("1/0")]
    [InlineData("1/3/3")]
    public void Shard_Malformed_IsBadUsageNamingTheOption(string value)
    {
        var folder = TestPaths.NewTempFolder();
        var run = CliRun.Of("embed", "--model", TinyModel, "--fasta", TestPaths.Bundled("proteins", "few_proteins.fasta"), "--shard", value, "--store", Path.Combine(folder, "s"));

        Assert.Equal(PllmCommandLine.BadUsage, run.ExitCode);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Contains($"--shard '{value}'", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder, "s")));
    }

    [Theory]
    [InlineData("--shard 1/2 --out g.tsv --store s", "--out g.tsv: a --shard run writes only its --store")]
    [InlineData("--shard 1/2", "--shard needs --store")]
    [InlineData("--store s", "Option '--out' is required")]
    [InlineData("--out g.tsv --store-only", "--store-only needs --store")]
    public void Shard_OptionsThatDoNotGoTogether_AreBadUsage(string options, string message)
    {
        var folder = TestPaths.NewTempFolder();
        var arguments = options.Split(' ').Select(o => o.Contains('.', StringComparison.Ordinal) || o == "s" ? Path.Combine(folder, o) : o);
        var run = CliRun.Of(["embed", "--model", TinyModel, "--fasta", TestPaths.Bundled("proteins", "few_proteins.fasta"), .. arguments]);

        Assert.Equal(PllmCommandLine.BadUsage, run.ExitCode);
        Assert.Contains(message.Replace("g.tsv", Path.Combine(folder, "g.tsv"), StringComparison.Ordinal), run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_Twice_ReportsNothingNew_AndAConflictNamesBothStores()
    {
        var folder = TestPaths.NewTempFolder();
        var fasta = TestPaths.Bundled("proteins", "some_proteins.fasta");
        var shard = Path.Combine(folder, "shard_1");
        Assert.Equal(0, CliRun.Of("embed", "--model", TinyModel, "--fasta", fasta, "--shard", "1/1", "--store", shard).ExitCode);
        var merged = Path.Combine(folder, "embeddings");

        var first = CliRun.Of("embed", "merge", "--into", merged, shard);
        var second = CliRun.Of("embed", "merge", "--into", merged, shard);
        var other = Path.Combine(folder, "other");
        StoredEmbedding entry;
        using (var source = EmbeddingStore.OpenExisting(shard))
        {
            entry = source.Entries().First();
        }

        entry.Vector[3] += 1;
        using (var store = EmbeddingStore.Open(other))
        {
            store.Put([(entry.Key, entry.Residues, entry.Vector)]);
        }

        var conflict = CliRun.Of("embed", "merge", "--into", merged, other);
        var kept = CliRun.Of("embed", "merge", "--into", merged, other, "--keep-existing");

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Contains("15 new, 0 already present", first.Output, StringComparison.Ordinal);
        Assert.Contains("0 new, 15 already present", second.Output, StringComparison.Ordinal);
        Assert.Contains("15 → 15 embeddings", second.Output, StringComparison.Ordinal);
        Assert.Equal(PllmCommandLine.BadInput, conflict.ExitCode);
        Assert.Single(conflict.Error.Trim().Split('\n'));
        Assert.Contains(other, conflict.Error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(merged, EmbeddingStore.FileName), conflict.Error, StringComparison.Ordinal);
        Assert.Matches("sequence SHA-256 [0-9a-f]{64}", conflict.Error);
        Assert.Equal(0, kept.ExitCode);
        Assert.Contains("0 new, 0 already present (largest difference 0), 1 conflicts", kept.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_MissingStore_IsBadInput_AndCreatesNoTarget()
    {
        var folder = TestPaths.NewTempFolder();
        var merged = Path.Combine(folder, "embeddings");

        var run = CliRun.Of("embed", "merge", "--into", merged, Path.Combine(folder, "shard_7"));

        Assert.Equal(PllmCommandLine.BadInput, run.ExitCode);
        Assert.Contains("shard_7: no embedding store here", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(merged));
    }

    /// <summary>
    /// The bundled human and mouse proteins up to <paramref name="maxLength"/> residues, one FASTA per species, with
    /// Ensembl-style headers whose gene symbol is the protein's reference orthogroup and species (so that several
    /// isoforms pool into one gene).
    /// </summary>
    internal static string[] BundledGeneFasta(string folder, int maxLength = 400)
    {
        var files = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        foreach (var (header, sequence) in ReadRawFasta(TestPaths.Bundled("proteins", "human_mouse_refog_proteins.fa")))
        {
            if (sequence.Length > maxLength)
            {
                continue;
            }

            var fields = header.Split(' ');
            var attributes = fields.Skip(1).Select(field => field.Split('=')).ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
            var (species, gene) = (attributes["species"], attributes["refog"] + "_" + attributes["species"]);
            if (!files.TryGetValue(species, out var text))
            {
                files[species] = text = new StringBuilder();
            }

            text.Append(System.Globalization.CultureInfo.InvariantCulture,
                $">{fields[0]} pep chromosome:X:1:1:100:1 gene:{gene}.1 transcript:T{fields[0]}.1 gene_biotype:protein_coding transcript_biotype:protein_coding gene_symbol:{gene}\n{sequence}\n");
        }

        return files.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair =>
        {
            var path = Path.Combine(folder, pair.Key + ".pep.fa");
            File.WriteAllText(path, pair.Value.ToString());
            return path;
        }).ToArray();
    }

    private static int DistinctSequences(string[] fasta) =>
        fasta.SelectMany(ReadRawFasta).Select(record => record.Sequence.TrimEnd('*')).Distinct(StringComparer.Ordinal).Count();

    private static long StoreCount(string folder)
    {
        using var store = EmbeddingStore.OpenExisting(folder);
        return store.Count();
    }

    private static List<(string Header, string Sequence)> ReadRawFasta(string path)
    {
        var records = new List<(string Header, StringBuilder Sequence)>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith('>'))
            {
                records.Add((line[1..], new StringBuilder()));
            }
            else
            {
                records[^1].Sequence.Append(line.Trim());
            }
        }

        return records.Select(record => (record.Header, record.Sequence.ToString())).ToList();
    }

    [GeneratedRegex(@"Shard \d+/3: ([\d,]+) of")]
    private static partial Regex ShardLine();
}
