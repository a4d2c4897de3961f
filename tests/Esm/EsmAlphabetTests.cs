using PllmML.Data.Proteins;

namespace PllmML.Esm.Tests;

public class EsmAlphabetTests
{
    [Fact]
    public void EncodeLenient_CleanSequence_EqualsTheStrictEncodingThenPadding()
    {
        const string sequence = "MKTAYIAKQRQISFVKSHFSRQLEERLGLIEVQ";
        var strict = EsmAlphabet.Encode(sequence);
        var ids = new long[64];

        var tokens = EsmAlphabet.EncodeLenient(sequence, ids);

        Assert.Equal(strict.Length, tokens);
        Assert.Equal(strict, ids[..tokens]);
        Assert.All(ids[tokens..], id => Assert.Equal(EsmAlphabet.PadId, id));
    }

    [Fact]
    public void EncodeLenient_FollowsTheHuggingFaceRule_LowerCaseJAndUnknownCharacters()
    {
        var ids = new long[8];

        var tokens = EsmAlphabet.EncodeLenient("mj*<", ids);

        // <cls> M X <unk> <unk> <eos> <pad> <pad>: 'm' upper-cased, J read as X, '*' and '<' unknown.
        Assert.Equal(6, tokens);
        Assert.Equal([EsmAlphabet.ClsId, 20, 24, EsmAlphabet.UnknownId, EsmAlphabet.UnknownId, EsmAlphabet.EosId, EsmAlphabet.PadId, EsmAlphabet.PadId], ids);
        Assert.Equal("M", EsmAlphabet.Tokens[20]);
        Assert.Equal("X", EsmAlphabet.Tokens[24]);
    }

    [Fact]
    public void EncodeLenient_TruncatesToThePositions()
    {
        var ids = new long[5];

        var tokens = EsmAlphabet.EncodeLenient("LAGVSE", ids);

        Assert.Equal(5, tokens);
        Assert.Equal([EsmAlphabet.ClsId, 4, 5, 6, EsmAlphabet.EosId], ids);
    }
}
