using PllmML.Transforms.SingleCell.Mappings;

namespace PllmML.Transforms.Tests.SingleCell;

public sealed class SparseSelectionTests
{
    [Fact]
    public void Select_EqualsTheDenseGather_WithRepeatedAndUnstoredFeatures()
    {
        float[] state = [7, 2, 9, 2, 0, 5];
        var dense = new float[10];
        dense[2] = 1.5f;
        dense[5] = 0;
        dense[7] = 3;
        int[] indices = [2, 5, 7];
        var selection = SparseSelection.Of(state, 10);
        Assert.NotNull(selection);
        var selected = new float[] { 9, 9, 9, 9, 9, 9 };
        selection.Select(indices, [.. indices.Select(i => dense[i])], selected);
        Assert.Equal(state.Select(feature => dense[(int)feature]), selected);
    }

    [Theory]
    [InlineData(10f)]
    [InlineData(-1f)]
    [InlineData(2.5f)]
    [InlineData(float.NaN)]
    public void Of_EntryThatIsNoFeature_LeavesItToTheDenseGather(float entry)
    {
        Assert.Null(SparseSelection.Of([1, entry], 10));
    }
}
