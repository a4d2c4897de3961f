using Microsoft.ML;
using Microsoft.ML.Transforms;
using PllmML.Transforms.SingleCell.Mappings;

namespace PllmML.Transforms.SingleCell;

/// <summary>
/// The inner chain every stage uses (model format 2): the state key (<see cref="StateKeyMapping"/>), the state lookup
/// by that key (<c>MapValue</c>), the stage's mapping with a per-cursor <see cref="SpeciesStateCache"/>, and dropping
/// the key and state columns. Each species' state is copied once per cursor, not once per cell.
/// </summary>
/// <remarks>
/// Format 1 looked the state up by <see cref="SingleCellColumns.Species"/> on every row (contracts <c>*.v1</c>); those
/// mappings stay registered so models saved in format 1 still load and predict the same bits.
/// </remarks>
public static class StageChain
{
    /// <summary>The state key column: the species on its first row in a cursor, else empty.</summary>
    public const string StateKeyColumn = "PllmML.StateKey";

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
        var key = new StateKeyMapping();
        return mlContext.Transforms.CustomMapping(key.GetMapping(), StateKeyMapping.ContractName)
            .Append(StateLookup.Map(mlContext, stateColumn, stateBySpecies, StateKeyColumn))
            .Append(mlContext.Transforms.CustomMapping(factory.GetMapping(), contractName))
            .Append(mlContext.Transforms.DropColumns(stateColumn, StateKeyColumn));
    }

    /// <summary>The distinct species of the data, ordinal order.</summary>
    /// <param name="data">The data.</param>
    public static string[] SpeciesOf(IDataView data) =>
        [.. DataViewColumns.ReadText(data, SingleCellColumns.Species).Distinct().Order(StringComparer.Ordinal)];
}
