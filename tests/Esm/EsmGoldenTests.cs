using PllmML.Data.Proteins;
using PllmML.Esm.Checkpoints;
using Xunit.Abstractions;

namespace PllmML.Esm.Tests;

/// <summary>
/// The TorchSharp model against the official fair-esm outputs for random weights, in every checkpoint format.
/// Bounds: 1e-5 on representations and means, 1e-3 on logits (data/esm2 README: a correct float32 implementation
/// lands within a few times the official batch-vs-single differences, 5e-7 / 1.2e-6 / 1.4e-5).
/// </summary>
public class EsmGoldenTests(ITestOutputHelper output)
{
    private const float RepresentationBound = 1e-5f;
    private const float LogitBound = 1e-3f;

    public static TheoryData<string, EsmAttentionKernel> Formats => new()
    {
        { "model.pt", EsmAttentionKernel.Fused },
        { "hf", EsmAttentionKernel.Fused },
        { "hf/pytorch_model.bin", EsmAttentionKernel.Fused },
        { "hf/model.safetensors", EsmAttentionKernel.Reference },
        { "model.pt", EsmAttentionKernel.Reference },
    };

    [Fact]
    public void Encode_GoldenSequences_GivesTheOfficialTokenIds()
    {
        using var goldens = EsmGoldens.Tiny;

        foreach (var sequence in goldens.Sequences)
        {
            Assert.Equal(goldens.Longs($"single.tokens.{sequence.Id}"), EsmAlphabet.Encode(sequence.Sequence));
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Forward_EachSequenceAlone_ReproducesTheGoldens(string file, EsmAttentionKernel kernel)
    {
        using var goldens = EsmGoldens.Tiny;
        using var model = EsmModel.Load(Path.Combine(goldens.Folder, file), new EsmModelOptions { Attention = kernel });
        var diffs = new Diffs();

        foreach (var (sequence, row) in goldens.Sequences.Select((s, i) => (s, i)))
        {
            var result = Run(model, [EsmAlphabet.Encode(sequence.Sequence)], goldens, sequence.Id);
            Compare(goldens, "single", sequence, row, result, 0, diffs);
        }

        output.WriteLine($"{file} ({kernel}) single: {diffs}");
        diffs.AssertWithin(RepresentationBound, LogitBound);
    }

    [Theory]
    [InlineData(EsmAttentionKernel.Fused)]
    [InlineData(EsmAttentionKernel.Reference)]
    public void Forward_AllSequencesInOneBatch_ReproducesTheBatchGoldens(EsmAttentionKernel kernel)
    {
        using var goldens = EsmGoldens.Tiny;
        using var model = EsmModel.Load(Path.Combine(goldens.Folder, "hf"), new EsmModelOptions { Attention = kernel });
        var diffs = new Diffs();

        var tokens = goldens.Sequences.Select(s => EsmAlphabet.Encode(s.Sequence)).ToList();
        var result = model.Forward(tokens, new EsmForwardRequest { Layers = [1, -1], PerToken = true, Logits = true });
        foreach (var (sequence, row) in goldens.Sequences.Select((s, i) => (s, i)))
        {
            Compare(goldens, "batch", sequence, row, result, row, diffs);
            Compare(goldens, "single", sequence, row, result, row, diffs);
        }

        output.WriteLine($"batch ({kernel}) vs batch and single goldens: {diffs}");
        diffs.AssertWithin(RepresentationBound, LogitBound);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(300)]
    public void Forward_BatchSplitIntoCpuGroups_ReproducesTheBatchGoldens(int groupValues)
    {
        using var goldens = EsmGoldens.Tiny;
        using var model = EsmModel.Load(Path.Combine(goldens.Folder, "hf"), new EsmModelOptions { CpuGroupValues = groupValues });
        var diffs = new Diffs();

        var tokens = goldens.Sequences.Select(s => EsmAlphabet.Encode(s.Sequence)).ToList();
        var result = model.Forward(tokens, new EsmForwardRequest { Layers = [1, -1], PerToken = true, Logits = true });
        foreach (var (sequence, row) in goldens.Sequences.Select((s, i) => (s, i)))
        {
            Compare(goldens, "batch", sequence, row, result, row, diffs);
            Compare(goldens, "single", sequence, row, result, row, diffs);
        }

        output.WriteLine($"groups of ≤ {groupValues} values vs batch and single goldens: {diffs}");
        diffs.AssertWithin(RepresentationBound, LogitBound);
    }

    [Fact]
    public void Forward_HiddenStatesOfAllLayers_MatchTheOfficialLayers()
    {
        using var goldens = EsmGoldens.Tiny;
        using var model = EsmModel.Load(Path.Combine(goldens.Folder, "hf"));
        var s19 = goldens.Sequences.Single(s => s.Id == "s19");
        var layers = Enumerable.Range(0, model.Architecture.LayerCount + 1).ToArray();

        var result = model.Forward([EsmAlphabet.Encode(s19.Sequence)], new EsmForwardRequest { Layers = layers, PerToken = true });
        var expected = goldens.Floats("single.hidden_all_layers.s19");
        var perLayer = expected.Length / layers.Length;
        var max = layers.Max(layer => EsmGoldens.MaxAbsDiff(expected.AsSpan(layer * perLayer, perLayer), result.PerToken[layer][0]));

        output.WriteLine($"all layers of s19: max abs diff {max:E2}");
        Assert.InRange(max, 0, RepresentationBound);
    }

    [SharedDataFact]
    public void Forward_T6Shape_ReproducesTheGoldens()
    {
        using var goldens = new EsmGoldens(TestPaths.Shared("esm2", "t6_8M"));
        using var model = EsmModel.Load(Path.Combine(goldens.Folder, "hf"));
        var diffs = new Diffs();

        Assert.Equal(new EsmArchitecture(6, 320, 20, 1280), model.Architecture);
        var tokens = goldens.Sequences.Select(s => EsmAlphabet.Encode(s.Sequence)).ToList();
        var result = model.Forward(tokens, new EsmForwardRequest { Layers = [1, -1], PerToken = true, Logits = true });
        foreach (var (sequence, row) in goldens.Sequences.Select((s, i) => (s, i)))
        {
            Compare(goldens, "batch", sequence, row, result, row, diffs);
        }

        output.WriteLine($"t6_8M batch: {diffs}");
        diffs.AssertWithin(RepresentationBound, LogitBound);
    }

    [Fact]
    public void Open_EveryFormat_ReadsTheSameArchitectureAndIdentity()
    {
        var folder = TestPaths.Bundled("esm2", "tiny");
        using var pt = EsmCheckpoint.Open(Path.Combine(folder, "model.pt"));
        using var hf = EsmCheckpoint.Open(Path.Combine(folder, "hf"));
        using var bin = EsmCheckpoint.Open(Path.Combine(folder, "hf", "pytorch_model.bin"));

        Assert.Equal((EsmCheckpointFormat.FairEsm, EsmCheckpointFormat.HuggingFaceSafetensors, EsmCheckpointFormat.HuggingFacePytorch),
            (pt.Format, hf.Format, bin.Format));
        Assert.Equal(new EsmArchitecture(2, 64, 4, 256), pt.Architecture);
        Assert.Equal(pt.Architecture, hf.Architecture);
        Assert.Equal(pt.Architecture, bin.Architecture);
        Assert.Equal(pt.Identity, hf.Identity);
        Assert.Equal(pt.Identity, bin.Identity);
        Assert.Equal(pt.ReadTensor("layers.1.self_attn.rot_emb.inv_freq").Values, hf.ReadTensor("layers.1.self_attn.rot_emb.inv_freq").Values);
    }

    private static EsmForwardResult Run(EsmModel model, List<long[]> tokens, EsmGoldens goldens, string id) =>
        model.Forward(tokens, new EsmForwardRequest
        {
            Layers = [1, -1],
            PerToken = goldens.Has($"single.per_tok_last.{id}"),
            Logits = goldens.Has($"single.logits.{id}"),
        });

    private static void Compare(EsmGoldens goldens, string kind, GoldenSequence sequence, int row, EsmForwardResult result, int index, Diffs diffs)
    {
        var last = result.Layers[^1];
        var width = result.Means[last][index].Length;
        diffs.Representation = Math.Max(diffs.Representation, EsmGoldens.MaxAbsDiff(goldens.Row($"{kind}.mean_last", row, width), result.Means[last][index]));
        diffs.Representation = Math.Max(diffs.Representation, EsmGoldens.MaxAbsDiff(goldens.Row($"{kind}.mean_layer1", row, width), result.Means[1][index]));
        if (goldens.Has($"{kind}.per_tok_last.{sequence.Id}") && result.PerToken[last][index] is { } perToken)
        {
            diffs.Representation = Math.Max(diffs.Representation, EsmGoldens.MaxAbsDiff(goldens.Floats($"{kind}.per_tok_last.{sequence.Id}"), perToken));
        }

        if (goldens.Has($"{kind}.logits.{sequence.Id}") && result.Logits[index] is { } logits)
        {
            diffs.Logit = Math.Max(diffs.Logit, EsmGoldens.MaxAbsDiff(goldens.Floats($"{kind}.logits.{sequence.Id}"), logits));
        }
    }

    private sealed class Diffs
    {
        public float Representation { get; set; }

        public float Logit { get; set; }

        public void AssertWithin(float representation, float logit)
        {
            Assert.InRange(Representation, 0, representation);
            Assert.InRange(Logit, 0, logit);
        }

        public override string ToString() => $"max abs diff representations/means {Representation:E2}, logits {Logit:E2}";
    }
}
