using System.Collections.Concurrent;
using Microsoft.ML;

namespace PllmML.Trainers.SingleCell;

/// <summary>
/// The prediction engines of one output class over a model's chain, created on demand and reused: an engine is not
/// thread-safe, so each caller rents one and returns it. <see cref="SingleCellModel"/> keeps one pool per output class
/// (<see cref="CellPrediction"/> for the serving path, <see cref="IntegratedCellOutput"/> for the integrated cells), so
/// the serving engine never computes the extra columns the integrated cells need.
/// </summary>
/// <typeparam name="TOutput">The output class.</typeparam>
internal sealed class EnginePool<TOutput>(MLContext mlContext, ITransformer chain, DataViewSchema inputSchema)
    where TOutput : class, new()
{
    private readonly ConcurrentBag<PredictionEngine<CellRow, TOutput>> _engines = [];

    /// <summary>An idle engine, or a new one.</summary>
    public PredictionEngine<CellRow, TOutput> Rent() =>
        _engines.TryTake(out var engine) ? engine : mlContext.Model.CreatePredictionEngine<CellRow, TOutput>(chain, inputSchema);

    /// <summary>Gives a rented engine back.</summary>
    /// <param name="engine">The engine.</param>
    public void Return(PredictionEngine<CellRow, TOutput> engine) => _engines.Add(engine);
}
