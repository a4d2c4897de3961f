namespace PllmML.Transforms.SingleCell.Mappings;

/// <summary>Checks shared by the custom mappings.</summary>
internal static class MappingErrors
{
    /// <summary>An empty state means the MapValue lookup found no entry for the cell's species.</summary>
    public static void RequireState(ReadOnlySpan<float> state, string species)
    {
        if (state.Length == 0)
        {
            throw new ArgumentException($"The species '{species}' is not in the model.");
        }
    }

    /// <summary>The array when it has the length, else a new one (custom-mapping outputs are copied out after each row).</summary>
    public static float[] Reuse(float[]? array, int length) => array is not null && array.Length == length ? array : new float[length];
}
