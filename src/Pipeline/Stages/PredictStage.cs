using Microsoft.ML;
using PllmML.Data;
using PllmML.Trainers.SingleCell;

namespace PllmML.Pipeline.Stages;

/// <summary>Runs every cell through the saved model once and writes <c>integrated.h5ad</c>.</summary>
internal sealed class PredictStage(RunContext context) : IRunStage
{
    public string Name => "predict";

    public IReadOnlyList<string> Outputs => [context.Output.Integrated];

    public StageStamp Stamp() => new StageStamp("predict").AddFile(context.Output.Model).Add("cells", context.CellInputs())
        .Add("keep", context.Config.KeepLabels).Add("labelKey", context.Config.Evaluation.LabelKey);

    public string Run()
    {
        var config = context.Config;
        var model = SingleCellModel.Load(new MLContext(config.Seed), context.Output.Model);
        var inputs = config.Inputs.Select(input => CellInputs.Read(input, config.KeepLabels, context.Warn)).ToList();
        var labelKey = config.Evaluation.LabelKey;
        var cells = IntegratedFile.Write(model, inputs, labelKey, context.Output.Integrated);
        var species = cells.Obs[OutputKeys.Species];
        var (truth, predicted) = (cells.Obs[labelKey], cells.Obs[OutputKeys.BestCellType]);
        var accuracy = inputs.Where(input => !model.Manifest.TrainSpecies.Contains(input.Species)).Select(input =>
        {
            var known = Enumerable.Range(0, cells.CellCount)
                .Where(cell => species.FormatValue(cell) == input.Species && truth.FormatValue(cell) is { Length: > 0 }).ToList();
            return known.Count == 0 ? null : $"{input.Species} (held out) accuracy {(double)known.Count(cell => truth.FormatValue(cell) == predicted.FormatValue(cell)) / known.Count:P1}";
        }).OfType<string>();
        return $"{cells.CellCount} cells ({string.Join(", ", inputs.Select(input => $"{input.Cells.CellCount} {input.Species}"))}); {string.Join("; ", accuracy)}";
    }
}
