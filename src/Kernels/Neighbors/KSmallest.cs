namespace PllmML.Kernels.Neighbors;

/// <summary>
/// A max-heap of values in a span: the k smallest values seen, with the k-th smallest (the largest kept) at index 0.
/// Ties are kept with their multiplicity, so the root is the k-th smallest value counted with repeats.
/// </summary>
internal static class KSmallest
{
    /// <summary>Adds <paramref name="value"/> to a heap of <paramref name="count"/> values (the span has room for one more).</summary>
    /// <param name="heap">The heap, at least <paramref name="count"/> + 1 long.</param>
    /// <param name="count">Values it holds before the call.</param>
    /// <param name="value">The value to add.</param>
    public static void Push(Span<float> heap, int count, float value)
    {
        var node = count;
        while (node > 0)
        {
            var parent = (node - 1) >> 1;
            if (heap[parent] >= value)
            {
                break;
            }

            heap[node] = heap[parent];
            node = parent;
        }

        heap[node] = value;
    }

    /// <summary>Replaces the largest value of a full heap (the whole span) by a smaller one.</summary>
    /// <param name="heap">The heap: every element is a value.</param>
    /// <param name="value">The new value, below <c>heap[0]</c>.</param>
    public static void ReplaceLargest(Span<float> heap, float value)
    {
        var count = heap.Length;
        var node = 0;
        while (true)
        {
            var child = (2 * node) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && heap[child + 1] > heap[child])
            {
                child++;
            }

            if (heap[child] <= value)
            {
                break;
            }

            heap[node] = heap[child];
            node = child;
        }

        heap[node] = value;
    }
}
