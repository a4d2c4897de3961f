using PllmML.Data.Proteins;
using PllmML.Esm.Embedding;
using PllmML.Esm.Onnx;

namespace PllmML.Esm.Tests;

public class ProteinEmbedderTests
{
    private static readonly string TinyModel = TestPaths.Bundled("esm2", "tiny", "hf");

    private static List<ProteinRecord> GoldenProteins()
    {
        using var reader = new ProteinFastaReader(TestPaths.Bundled("esm2", "golden_inputs.fasta"));
        return reader.ReadRecords().ToList();
    }

    [Fact]
    public void Embed_GoldenFasta_MeansMatchTheOfficialExtractSemantics()
    {
        using var goldens = EsmGoldens.Tiny;
        using var model = EsmModel.Load(TinyModel);
        using var store = EmbeddingStore.InMemory();
        var proteins = GoldenProteins();
        var embedder = new ProteinEmbedder(model, store, new ProteinEmbeddingOptions { MaxTokens = 1500 });

        embedder.Embed(proteins);
        var table = embedder.ProteinTable(proteins);

        Assert.Equal(goldens.Sequences.Take(23).Select(s => s.Id), table.Ids);
        var max = table.Ids.Select((id, row) => EsmGoldens.MaxAbsDiff(goldens.Row("single.mean_last", row, 64), table[row])).Max();
        Assert.InRange(max, 0, 1e-5f);
    }

    [Theory]
    [InlineData(LongSequenceMode.Truncate)]
    [InlineData(LongSequenceMode.SlidingWindow)]
    public void Embed_OnnxBackend_GivesTheTorchSharpMeans_UnderItsOwnIdentity(LongSequenceMode longSequences)
    {
        // The bundled ONNX file is the export of the same tiny weights (EsmOnnxModelTests checks it against the goldens).
        using var torch = EsmModel.Load(TinyModel);
        using var onnx = new EsmOnnxModel(TestPaths.Bundled("esm2", "tiny", "onnx", "model.onnx"));
        using var store = EmbeddingStore.InMemory();
        var proteins = GoldenProteins();
        var options = new ProteinEmbeddingOptions { MaxTokens = 1500, Truncation = 40, WindowStride = 20, LongSequences = longSequences };
        var viaTorch = new ProteinEmbedder(torch, store, options);
        var viaOnnx = new ProteinEmbedder(onnx, store, options);

        viaTorch.Embed(proteins);
        var summary = viaOnnx.Embed(proteins);
        var expected = viaTorch.ProteinTable(proteins);
        var actual = viaOnnx.ProteinTable(proteins);

        Assert.Equal(summary.UniqueSequences, summary.Computed);
        Assert.NotEqual(torch.Identity, onnx.Identity);
        Assert.Equal(expected.Ids, actual.Ids);
        var max = expected.Ids.Select((id, row) => EsmGoldens.MaxAbsDiff(expected[row], actual[row])).Max();
        Assert.InRange(max, 0, 1e-5f);
    }

    [Fact]
    public void OnnxBackend_OtherThanTheLastLayer_IsRefusedNamingIt()
    {
        using var onnx = new EsmOnnxModel(TestPaths.Bundled("esm2", "tiny", "onnx", "model.onnx"));
        using var store = EmbeddingStore.InMemory();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ProteinEmbedder(onnx, store, new ProteinEmbeddingOptions { Layers = [3] }));
        Assert.Contains("only the last layer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embed_IdenticalSequences_AreComputedOnce_AndASecondRunReusesTheStore()
    {
        using var model = EsmModel.Load(TinyModel);
        var folder = TestPaths.NewTempFolder();
        var proteins = GoldenProteins();

        EmbeddingRunSummary first, second;
        using (var store = EmbeddingStore.Open(folder))
        {
            first = new ProteinEmbedder(model, store).Embed(proteins);
        }

        using (var store = EmbeddingStore.Open(folder))
        {
            second = new ProteinEmbedder(model, store).Embed(proteins);
            Assert.Equal(20, store.Count());
        }

        Assert.Equal((23, 20, 0, 20, 1), (first.Proteins, first.UniqueSequences, first.Reused, first.Computed, first.Truncated));
        Assert.Equal((20, 0, 0L), (second.Reused, second.Computed, second.ResiduesComputed));
    }

    [Fact]
    public void Embed_AnotherLayer_IsStoredUnderItsOwnKey()
    {
        using var goldens = EsmGoldens.Tiny;
        using var model = EsmModel.Load(TinyModel);
        using var store = EmbeddingStore.InMemory();
        var proteins = GoldenProteins().Take(3).ToList();
        new ProteinEmbedder(model, store).Embed(proteins);

        var layer1 = new ProteinEmbedder(model, store, new ProteinEmbeddingOptions { Layers = [1] });
        var summary = layer1.Embed(proteins);
        var table = layer1.ProteinTable(proteins, 1);

        Assert.Equal(3, summary.Computed);
        Assert.InRange(EsmGoldens.MaxAbsDiff(goldens.Row("single.mean_layer1", 1, 64), table[1]), 0, 1e-5f);
    }

    [Fact]
    public void Embed_SlidingWindow_AveragesTheOverlappingWindowsPerResidue()
    {
        using var model = EsmModel.Load(TinyModel);
        using var store = EmbeddingStore.InMemory();
        var protein = GoldenProteins().Single(p => p.ProteinId == "s21");
        var options = new ProteinEmbeddingOptions { LongSequences = LongSequenceMode.SlidingWindow, Truncation = 1022, WindowStride = 511 };
        var embedder = new ProteinEmbedder(model, store, options);

        embedder.Embed([protein]);
        var actual = embedder.ProteinTable([protein])[0].ToArray();

        // Independent arithmetic: windows at residues 0 and 1500 − 1022 = 478, each run alone.
        var expected = WindowMean(model, protein.Sequence, [0, 478], 1022);
        Assert.Equal(1500, protein.Length);
        Assert.InRange(EsmGoldens.MaxAbsDiff(expected, actual), 0, 1e-5f);
        Assert.Equal("mean/window1022stride511", options.PoolingDescriptor);
    }

    [Fact]
    public void Plan_SortsByLength_AndKeepsEveryBatchWithinTheBudget()
    {
        int[] lengths = [500, 12, 300, 1024, 40, 40, 2000, 7];

        var batches = TokenBatchPlanner.Plan(lengths, 1024);

        Assert.Equal(Enumerable.Range(0, lengths.Length).OrderBy(i => lengths[i]).ThenBy(i => i), batches.SelectMany(b => b));
        Assert.All(batches.Where(b => b.Length > 1), b => Assert.True(b.Max(i => lengths[i]) * b.Length <= 1024));
        Assert.Equal([[7, 1, 4, 5], [2, 0], [3], [6]], batches);
    }

    [Fact]
    public void Embed_ProteinWithCharacterOutsideTheAlphabet_NamesTheProtein()
    {
        using var model = EsmModel.Load(TinyModel);
        using var store = EmbeddingStore.InMemory();
        var bad = GoldenProteins()[0];
        bad = new ProteinRecord
        {
            ProteinId = "P1", HeaderFormat = bad.HeaderFormat, Header = "P1", HeaderLineNumber = 7,
            Attributes = bad.Attributes, Sequence = "MKJ",
        };

        var error = Assert.Throws<PllmML.Data.DataFormatException>(() => new ProteinEmbedder(model, store).Embed([bad]));

        Assert.Contains("P1 (line 7", error.Message, StringComparison.Ordinal);
    }

    private static float[] WindowMean(EsmModel model, string sequence, int[] starts, int window)
    {
        var d = model.Architecture.EmbeddingDimension;
        var sums = new double[sequence.Length, d];
        var coverage = new int[sequence.Length];
        foreach (var start in starts)
        {
            var states = model.Forward([EsmAlphabet.Encode(sequence.Substring(start, window))], new EsmForwardRequest { PerToken = true, Means = false }).PerToken[2][0];
            for (var r = 0; r < window; r++)
            {
                coverage[start + r]++;
                for (var j = 0; j < d; j++)
                {
                    sums[start + r, j] += states[((r + 1) * d) + j];
                }
            }
        }

        var mean = new float[d];
        for (var j = 0; j < d; j++)
        {
            double total = 0;
            for (var r = 0; r < sequence.Length; r++)
            {
                total += sums[r, j] / coverage[r];
            }

            mean[j] = (float)(total / sequence.Length);
        }

        return mean;
    }
}
