using PllmML.Data.H5ad;

namespace PllmML.Data.Tests;

/// <summary>
/// The checks every block read from disk goes through, vectorised: a repeated or decreasing column index is found
/// wherever it lies in a row (inside a vector, across two, in the scalar tail), and a value that is not a count
/// (negative, NaN, infinite) is named at its place.
/// </summary>
public class CsrChecksTests
{
    [Fact]
    public void FindProblem_FindsAnOutOfOrderIndex_AtEveryPositionOfRowsOfEveryLength()
    {
        for (var length = 2; length <= 40; length++)
        {
            var canonical = Enumerable.Range(0, length).Select(i => 3 * i).ToArray();
            Assert.Null(CsrMatrix.FindProblem(1, 3 * length, [0, length], canonical, new float[length]));
            for (var at = 1; at < length; at++)
            {
                foreach (var bad in new[] { canonical[at - 1], canonical[at - 1] - 1 })
                {
                    var indices = (int[])canonical.Clone();
                    indices[at] = bad;
                    var problem = CsrMatrix.FindProblem(1, 3 * length, [0, length], indices, new float[length]);
                    Assert.NotNull(problem);
                }
            }
        }
    }

    [Fact]
    public void FindProblem_ChecksEachRowOnItsOwn()
    {
        // Two rows whose indices increase within each row but not across the boundary are canonical.
        int[] indices = [.. Enumerable.Range(0, 20), .. Enumerable.Range(0, 20)];
        Assert.Null(CsrMatrix.FindProblem(2, 20, [0, 20, 40], indices, new float[40]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(4095)]
    [InlineData(4099)]
    public void CountProblem_NamesTheFirstValueThatIsNotACount(int at)
    {
        var values = Enumerable.Range(0, 4100).Select(i => (float)(i % 5)).ToArray();
        Assert.Null(BackedCsrRows.CountProblem(values, 100));
        foreach (var bad in new[] { -1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            var copy = (float[])values.Clone();
            copy[at] = bad;
            copy[^1] = -2;
            var problem = BackedCsrRows.CountProblem(copy, 100);
            Assert.NotNull(problem);
            Assert.StartsWith($"data[{100 + at}] is ", problem, StringComparison.Ordinal);
        }

        Assert.Null(BackedCsrRows.CountProblem([], 0));
        Assert.True(BackedCsrRows.AllCounts(values));
        Assert.True(BackedCsrRows.AllCounts([-0f, 0f, float.MaxValue, 1e-45f, 3f, 4f, 5f, 6f, 7f]));
        for (var i = 0; i < values.Length; i += 513)
        {
            var copy = (float[])values.Clone();
            copy[i] = float.NaN;
            Assert.False(BackedCsrRows.AllCounts(copy));
        }
    }
}
