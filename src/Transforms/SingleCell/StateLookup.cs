using Microsoft.ML;
using Microsoft.ML.Data;

namespace PllmML.Transforms.SingleCell;

/// <summary>
/// Fitted state carried by ML.NET's own saveable <c>MapValue</c> transform: a table from species to a vector, stored
/// in the model zip as <c>DefaultMap.idv</c>. MapValue copies the whole vector into every row whose key it finds, so
/// format-2 stages key it by <see cref="StageChain.StateKeyColumn"/> (set on a species' first row per cursor only).
/// </summary>
internal static class StateLookup
{
    private sealed class FloatRow
    {
        public string Key { get; set; } = string.Empty;

        [VectorType]
        public float[] Value { get; set; } = [];
    }

    /// <summary>A MapValue estimator from a key column (the species, or a state key holding it) to the state vector of each species.</summary>
    public static IEstimator<ITransformer> Map(MLContext mlContext, string outputColumn, IReadOnlyDictionary<string, float[]> stateBySpecies, string keyColumn)
    {
        var rows = stateBySpecies.Count == 0
            ? [new FloatRow()]
            : stateBySpecies.Select(pair => new FloatRow { Key = pair.Key, Value = pair.Value }).ToArray();
        var lookup = mlContext.Data.LoadFromEnumerable(rows);
        return mlContext.Transforms.Conversion.MapValue(outputColumn, lookup, lookup.Schema["Key"], lookup.Schema["Value"], keyColumn);
    }

    /// <summary>The same state for every species.</summary>
    public static Dictionary<string, float[]> Shared(IEnumerable<string> species, float[] state) =>
        species.ToDictionary(name => name, _ => state, StringComparer.Ordinal);
}
