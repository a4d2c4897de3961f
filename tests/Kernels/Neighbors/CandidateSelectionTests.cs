using PllmML.Kernels.Neighbors;

namespace PllmML.Kernels.Tests.Neighbors;

/// <summary>
/// The pieces the screened kNN keeps its candidates with: the bounded max-heap whose root is τ (the k-th smallest value
/// seen, repeats counted) and the four-at-a-time selection distances, which must keep the bits of the one-pair formula.
/// </summary>
public sealed class CandidateSelectionTests
{
    [Theory]
    [InlineData(1, 50, 1)]
    [InlineData(15, 400, 2)]
    [InlineData(89, 5000, 3)]
    [InlineData(89, 89, 4)]
    public void HeapRoot_IsTheKthSmallestSeen_AfterEveryValue(int k, int count, int seed)
    {
        var random = new Random(seed);
        // Few distinct values, so ties (and a tie with the root) are common.
        var values = Enumerable.Range(0, count).Select(_ => (float)random.Next(0, count / 4 + 2)).ToArray();
        var heap = new float[k];
        var size = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (size < k)
            {
                KSmallest.Push(heap, size++, values[i]);
            }
            else if (values[i] < heap[0])
            {
                KSmallest.ReplaceLargest(heap, values[i]);
            }

            if (size == k)
            {
                var sorted = values[..(i + 1)].Order().ToArray();
                Assert.Equal(sorted[k - 1], heap[0]);
                Assert.Equal(sorted[..k], heap.Order());
            }
        }
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(30, 9)]
    [InlineData(50, 13)]
    public void SelectionDistances_HaveTheBitsOfOnePairAtATime(int dimensions, int references)
    {
        var random = new Random(dimensions + references);
        var rows = references + 1;
        var data = Enumerable.Range(0, rows * dimensions).Select(_ => (random.NextDouble() * 200) - 100).ToArray();
        var norms = SquaredDistanceBlocks.Norms(data, dimensions);
        var referenceRows = Enumerable.Range(1, references).Reverse().ToArray();
        var distances = new double[references];

        SquaredDistanceBlocks.SelectionDistances(data, dimensions, norms, 0, referenceRows, distances);

        var expected = referenceRows.Select(r => SquaredDistanceBlocks.SelectionDistance(data, dimensions, norms, 0, r));
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), distances.Select(BitConverter.DoubleToInt64Bits));
        // A query against itself is clamped at 0, as in the tiles.
        SquaredDistanceBlocks.SelectionDistances(data, dimensions, norms, 0, [0, 0, 0, 0, 0], distances);
        Assert.All(distances[..5], d => Assert.True(d >= 0));
    }
}
