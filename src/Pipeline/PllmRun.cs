using System.Diagnostics;
using PllmML.Pipeline.Configuration;
using PllmML.Pipeline.Stages;

namespace PllmML.Pipeline;

/// <summary>
/// The whole method from one configuration — embed → map → fit → predict → (markers) → (methods) → evaluate — into one output folder
/// (<see cref="RunOutputLayout"/>); each stage is reused when its fingerprint (inputs and parameters) is unchanged and
/// its outputs are there. What <c>pllm run</c> calls.
/// </summary>
public static class PllmRun
{
    /// <summary>What the report and the command line say when the ESM-2 weights are random.</summary>
    public const string RandomWeightsNote =
        "The ESM-2 weights are RANDOM (the bundled test checkpoint data/esm2/tiny): the protein embeddings and the protein map "
        + "carry no learned biology and only show that the stages run (what agreement with the protein families they show comes "
        + "from identical or near-identical sequences giving near-identical outputs of any fixed network). For real weights set esm.model to a published name such as "
        + "esm2_t33_650M_UR50D (weights looked up in $PLLM_MODELS or ~/.cache/pllm/models) or to a checkpoint path "
        + "(Hugging Face folder, model.safetensors, fair-esm .pt), and remove esm.randomWeights.";

    /// <summary>Runs every stage (or reuses it) and returns what each did.</summary>
    /// <param name="config">A validated configuration (<see cref="RunConfiguration.Read"/>).</param>
    /// <param name="configPath">The config file, for messages, the log and the report.</param>
    /// <param name="outputFolder">The output folder (created when absent).</param>
    /// <param name="observer">Hears stage starts and ends, warnings and embedding progress.</param>
    /// <exception cref="RunConfigurationException">The configuration is not valid.</exception>
    /// <exception cref="Data.DataFormatException">An input does not hold what the configuration says.</exception>
    public static RunResult Execute(RunConfiguration config, string configPath, string outputFolder, IRunObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate(configPath);
        var output = new RunOutputLayout(Path.GetFullPath(outputFolder));
        Directory.CreateDirectory(output.Folder);
        var context = new RunContext(config, configPath, output, observer);
        context.Log($"pllm run {configPath} --out {output.Folder}");
        File.WriteAllText(output.Config, config.ToJson());
        var stages = new List<IRunStage>();
        if (config.Proteins is not null)
        {
            stages.Add(new EmbedStage(context));
            stages.Add(new MapStage(context));
        }

        stages.AddRange([new FitStage(context), new PredictStage(context)]);
        if (config.Markers is not null)
        {
            stages.Add(new MarkersStage(context));
        }

        if (config.ComparedMethods().Count > 0)
        {
            stages.Add(new MethodsStage(context));
        }

        stages.Add(new EvaluateStage(context));
        var reports = stages.Select(stage => Run(context, stage)).ToList();
        context.Log($"finished: {string.Join(", ", reports.Select(r => $"{r.Stage} {(r.Reused ? "reused" : "ran")}"))}");
        return new RunResult(output, reports, config.Proteins is not null, config.Proteins is not null && config.Esm.RandomWeights);
    }

    /// <summary>
    /// Gives a finished stage's memory back to the system before the next stage starts: a stage's state lives in its
    /// files, and without a full compacting collection the next stage would start on top of the last one's garbage
    /// (at 100,000 cells the predict stage started at the fit's 7 GiB and ran at 2.2 GiB after it).
    /// </summary>
    private static void ReleaseMemory() => Kernels.Memory.HeapRelease.Compact();

    private static StageReport Run(RunContext context, IRunStage stage)
    {
        var stampPath = context.Output.Stamp(stage.Name);
        var fingerprint = stage.Stamp().Fingerprint();
        var watch = Stopwatch.StartNew();
        var figure = StageStamp.Reusable(stampPath, fingerprint, stage.Outputs);
        var reused = figure is not null;
        if (figure is null)
        {
            StageStamp.Clear(stampPath);
            context.Log($"{stage.Name}: running (fingerprint {fingerprint[..12]})");
            context.Observer?.StageStarting(stage.Name);
            figure = stage.Run();
            StageStamp.Persist(stage.Outputs);
            StageStamp.Write(stampPath, fingerprint, figure, watch.Elapsed.TotalSeconds);
            ReleaseMemory();
        }

        var report = new StageReport(stage.Name, watch.Elapsed, reused, figure);
        context.Log($"{stage.Name}: {(reused ? "reused" : "done")} in {watch.Elapsed.TotalSeconds:F1} s: {figure}");
        context.Observer?.StageFinished(report);
        return report;
    }
}
