using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using PllmML.Data;
using PllmML.Trainers.SingleCell;

namespace PllmML.Pipeline.Stages;

/// <summary>
/// The side-by-side comparison's fits (<c>evaluation.compareMethods</c>): every compared method other than the saved
/// model's is fitted on the same inputs with the same configuration (only <c>integration.method</c> differs), exactly as
/// the fit stage fits (and timed the same way: reading the inputs, fitting, saving), and its cells integrated exactly as
/// the predict stage does, into <c>methods/&lt;method&gt;/</c>. The evaluate stage scores them.
/// </summary>
internal sealed class MethodsStage(RunContext context) : IRunStage
{
    public string Name => "methods";

    /// <summary>The compared methods other than the saved model's.</summary>
    public IReadOnlyList<string> Others => [.. context.Config.ComparedMethods().Where(method => method != context.Config.Integration.Method)];

    public IReadOnlyList<string> Outputs =>
        [.. Others.SelectMany(method => new[] { context.Output.MethodModel(method), context.Output.MethodIntegrated(method), context.Output.MethodFit(method) })];

    // What the fit stage's model depends on, the deep methods' options (used by whichever is compared), the methods and
    // what the predict stage's cells depend on.
    public StageStamp Stamp() => new FitStage(context).Stamp().Add("integration", context.Config.Integration).Add("methods", Others)
        .Add("keep", context.Config.KeepLabels).Add("labelKey", context.Config.Evaluation.LabelKey);

    public string Run()
    {
        var figures = new List<string>();
        foreach (var method in Others)
        {
            var config = context.Config.WithIntegrationMethod(method);
            Directory.CreateDirectory(context.Output.MethodFolder(method));
            context.Log($"methods: fitting {method} on the same cells");
            var watch = Stopwatch.StartNew();
            var model = IntegrationFit.Fit(config, context.HomologyTables, context.Warn,
                timing => context.Log($"methods: {method}: {timing.Stage} {timing.Elapsed.TotalSeconds:F2} s: {timing.Summary}"));
            model.Save(context.Output.MethodModel(method));
            var seconds = watch.Elapsed.TotalSeconds;
            File.WriteAllText(context.Output.MethodFit(method), JsonSerializer.Serialize(new FitRecord(method, seconds)));

            // As the predict stage: the saved model, loaded, integrates every cell.
            var loaded = SingleCellModel.Load(new MLContext(config.Seed), context.Output.MethodModel(method));
            var inputs = config.Inputs.Select(input => CellInputs.Read(input, config.KeepLabels, context.Warn)).ToList();
            IntegratedFile.Write(loaded, inputs, config.Evaluation.LabelKey, context.Output.MethodIntegrated(method));
            figures.Add(string.Create(CultureInfo.InvariantCulture, $"{method} fitted in {seconds:F1} s ({loaded.Manifest.EmbeddingDimensions} dimensions)"));
        }

        return figures.Count == 0 ? "nothing to fit beside the saved model" : string.Join("; ", figures);
    }

    /// <summary>A compared method's fit seconds (<c>methods/&lt;method&gt;/fit.json</c>); null when not recorded.</summary>
    public static double? FitSeconds(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<FitRecord>(File.ReadAllText(path))?.Seconds : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record FitRecord(string Method, double Seconds);
}
