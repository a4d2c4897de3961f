using Microsoft.ML.Data;

namespace PllmML.Transforms.SingleCell.Mappings;

/// <summary>
/// Per-cursor state of the format-2 stage mappings: each species' fitted state, read from the <c>MapValue</c> table
/// the first time the cursor meets the species (<see cref="StateKeyMapping"/> keys only that row), and a scratch
/// buffer for densifying a cell. A cursor therefore copies each species' state once instead of once per cell. It is
/// held by the mapping's output row object, which ML.NET's custom mapping creates once per cursor.
/// </summary>
internal sealed class SpeciesStateCache
{
    private readonly Dictionary<string, float[]> _bySpecies = new(StringComparer.Ordinal);
    private float[] _scratch = [];

    /// <summary>The state of a cell's species.</summary>
    /// <param name="species">The cell's species.</param>
    /// <param name="stateKey">The row's state key: the species on its first row in this cursor, else empty.</param>
    /// <param name="state">The looked-up state: the species' entry on a keyed row, else empty.</param>
    /// <exception cref="ArgumentException">The species is not in the model.</exception>
    public ReadOnlySpan<float> StateOf(string species, string stateKey, in VBuffer<float> state)
    {
        if (stateKey.Length > 0)
        {
            var values = state.GetValues();
            MappingErrors.RequireState(values, species);
            var copy = values.ToArray();
            _bySpecies[species] = copy;
            return copy;
        }

        return _bySpecies.TryGetValue(species, out var cached)
            ? cached
            : throw new InvalidOperationException($"No state for species '{species}': the state key and the stage mapping are out of step (they must share one cursor).");
    }

    /// <summary>A cell's vector as dense values, in a buffer reused for the next cell.</summary>
    /// <param name="vector">The vector.</param>
    public ReadOnlySpan<float> Dense(in VBuffer<float> vector)
    {
        if (_scratch.Length < vector.Length)
        {
            _scratch = new float[vector.Length];
        }

        var dense = _scratch.AsSpan(0, vector.Length);
        vector.CopyTo(dense);
        return dense;
    }
}
