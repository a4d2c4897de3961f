using Microsoft.ML;
using Microsoft.ML.Data;
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
internal static class StageChain
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

    /// <summary>
    /// Runs a stage whose mapping reads and writes fixed columns (the contract of its saved mapping) on configurable
    /// columns: copies the input into the fixed input column, and each fixed output into its configured column, then
    /// drops the fixed columns. With every name at its default the stage is returned unchanged, so models fitted with
    /// the default names hold exactly the transforms they held before.
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="stage">The stage on its fixed columns.</param>
    /// <param name="inputs">Each (fixed input column, configured input column).</param>
    /// <param name="outputs">Each (fixed output column, configured output column).</param>
    /// <remarks>While the stage runs, its fixed column names are reserved: an input column of the same name is hidden.</remarks>
    public static IEstimator<ITransformer> OnColumns(
        MLContext mlContext, IEstimator<ITransformer> stage,
        IReadOnlyList<(string Fixed, string Configured)> inputs, IReadOnlyList<(string Fixed, string Configured)> outputs)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(stage);
        var copiedIn = inputs.Where(pair => pair.Fixed != pair.Configured).ToArray();
        var copiedOut = outputs.Where(pair => pair.Fixed != pair.Configured).ToArray();
        if (copiedIn.Length == 0 && copiedOut.Length == 0)
        {
            return stage;
        }

        var kept = new HashSet<string>(inputs.Select(pair => pair.Configured).Concat(outputs.Select(pair => pair.Configured)), StringComparer.Ordinal);
        var chain = new EstimatorChain<ITransformer>();
        foreach (var (fixedName, configured) in copiedIn)
        {
            chain = chain.Append<ITransformer>(mlContext.Transforms.CopyColumns(fixedName, configured));
        }

        chain = chain.Append(stage);
        foreach (var (fixedName, configured) in copiedOut)
        {
            chain = chain.Append<ITransformer>(mlContext.Transforms.CopyColumns(configured, fixedName));
        }

        var dropped = copiedIn.Concat(copiedOut).Select(pair => pair.Fixed).Where(name => !kept.Contains(name)).Distinct(StringComparer.Ordinal).ToArray();
        return dropped.Length == 0 ? chain : chain.Append<ITransformer>(mlContext.Transforms.DropColumns(dropped));
    }

    /// <summary>The distinct species of the data, ordinal order.</summary>
    /// <param name="data">The data.</param>
    public static string[] SpeciesOf(IDataView data) =>
        [.. DataViewColumns.ReadText(data, SingleCellColumns.Species).Distinct().Order(StringComparer.Ordinal)];
}
