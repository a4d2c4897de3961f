using PllmML.Transforms.SingleCell;

namespace PllmML.Transforms.Tests.SingleCell;

public sealed class LogNormalizationTests
{
    [Fact]
    public void Apply_ScalesToTargetSumThenLog1p()
    {
        // Reference values: numpy.log1p(x / x.sum() * 1e4) for x = [1, 0, 3].
        var normalized = new float[3];
        LogNormalization.Apply([1, 0, 3], normalized, 1e4f);
        Assert.Equal(7.824446, normalized[0], 5);
        Assert.Equal(0, normalized[1]);
        Assert.Equal(8.922792, normalized[2], 5);
    }

    [Fact]
    public void Apply_EmptyCell_StaysZero()
    {
        var normalized = new float[] { 5, 5 };
        LogNormalization.Apply([0, 0], normalized, 1e4f);
        Assert.Equal([0f, 0f], normalized);
    }
}
