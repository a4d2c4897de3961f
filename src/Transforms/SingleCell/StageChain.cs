using Microsoft.ML;
using Microsoft.ML.Transforms;

namespace PllmML.Transforms.SingleCell;

/// <summary>The inner chain every stage uses: state lookup by species, the custom mapping, and dropping the state column.</summary>
public static class StageChain
{
    /// <summary>Builds the chain.</summary>
    /// <typeparam name="TInput">The mapping's input row.</typeparam>
    /// <typeparam name="TOutput">The mapping's output row.</typeparam>
    /// <param name="mlContext">The context.</param>
    /// <param name="stateColumn">The state column name.</param>
    /// <param name="stateBySpecies">Each species' state vector.</param>
    /// <param name="factory">The mapping.</param>
    /// <param name="contractName">The mapping's contract name.</param>
    public static IEstimator<ITransformer> Build<TInput, TOutput>(
        MLContext mlContext, string stateColumn, IReadOnlyDictionary<string, float[]> stateBySpecies,
        CustomMappingFactory<TInput, TOutput> factory, string contractName)
        where TInput : class, new()
        where TOutput : class, new()
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(factory);
        return StateLookup.Map(mlContext, stateColumn, stateBySpecies)
            .Append(mlContext.Transforms.CustomMapping(factory.GetMapping(), contractName))
            .Append(mlContext.Transforms.DropColumns(stateColumn));
    }

    /// <summary>The distinct species of the data, ordinal order.</summary>
    /// <param name="data">The data.</param>
    public static string[] SpeciesOf(IDataView data) =>
        [.. DataViewColumns.ReadText(data, SingleCellColumns.Species).Distinct().Order(StringComparer.Ordinal)];
}
