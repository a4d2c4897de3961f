namespace PllmML.Transforms.SingleCell.Mappings;

/// <summary>
/// Picks selected features out of a sparse vector without densifying it: per feature, the output positions that read
/// it. A position whose feature is not stored reads zero, exactly as the dense gather does.
/// </summary>
internal sealed class SparseSelection
{
    private readonly int[] _positionStart;
    private readonly int[] _positions;

    private SparseSelection(int[] positionStart, int[] positions)
    {
        _positionStart = positionStart;
        _positions = positions;
    }

    /// <summary>The vector length the selection was made for.</summary>
    public int Features => _positionStart.Length - 1;

    /// <summary>The selection of <paramref name="state"/>'s features (one per output position) from vectors of <paramref name="features"/>; null when an entry is not a feature index (the dense gather reports it).</summary>
    public static SparseSelection? Of(ReadOnlySpan<float> state, int features)
    {
        var featureOfPosition = new int[state.Length];
        for (var position = 0; position < state.Length; position++)
        {
            var value = state[position];
            if (!(value >= 0 && value < features) || (int)value != value)
            {
                return null;
            }

            featureOfPosition[position] = (int)value;
        }

        var byFeature = KeyedItems.Of(featureOfPosition, features);
        return new SparseSelection(byFeature.Start, byFeature.Items);
    }

    /// <summary>Writes the selected values of a sparse vector (ascending <paramref name="indices"/> below <see cref="Features"/>) into <paramref name="selected"/>.</summary>
    public void Select(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<float> selected)
    {
        selected.Clear();
        for (var k = 0; k < values.Length; k++)
        {
            var feature = indices[k];
            for (var p = _positionStart[feature]; p < _positionStart[feature + 1]; p++)
            {
                selected[_positions[p]] = values[k];
            }
        }
    }
}
