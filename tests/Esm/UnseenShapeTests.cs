using PllmML.Data.Proteins;
using PllmML.Esm.Checkpoints;

namespace PllmML.Esm.Tests;

public class UnseenShapeTests
{
    [Theory]
    [InlineData(3, 48, 3, 192)]
    [InlineData(1, 96, 2, 384)]
    [InlineData(4, 40, 5, 100)]
    public void Forward_AnyShape_BatchedEqualsAloneAndFusedEqualsReference(int layers, int width, int heads, int ffn)
    {
        var architecture = new EsmArchitecture(layers, width, heads, ffn);
        using var checkpoint = EsmCheckpoint.CreateRandom(architecture, seed: 7);
        using var fused = new EsmModel(checkpoint);
        using var reference = new EsmModel(checkpoint, new EsmModelOptions { Attention = EsmAttentionKernel.Reference });
        List<long[]> tokens = [EsmAlphabet.Encode("MKTAYIAKQR"), EsmAlphabet.Encode("MSTNPKPQRKTKRNTNRRPQDVKFPGG"), EsmAlphabet.Encode("W")];
        var request = new EsmForwardRequest { Layers = [0, -1], PerToken = true, Logits = true };

        var batch = fused.Forward(tokens, request);
        var exact = reference.Forward(tokens, request);

        Assert.Equal(architecture, checkpoint.Architecture);
        for (var i = 0; i < tokens.Count; i++)
        {
            var alone = fused.Forward([tokens[i]], request);
            Assert.Equal(width * tokens[i].Length, batch.PerToken[layers][i].Length);
            Assert.InRange(EsmGoldens.MaxAbsDiff(alone.PerToken[layers][0], batch.PerToken[layers][i]), 0, 1e-5f);
            Assert.InRange(EsmGoldens.MaxAbsDiff(exact.PerToken[layers][i], batch.PerToken[layers][i]), 0, 1e-5f);
            Assert.InRange(EsmGoldens.MaxAbsDiff(exact.Logits[i], batch.Logits[i]), 0, 1e-4f);
        }
    }
}
