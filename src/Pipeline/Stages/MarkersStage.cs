using PllmML.Comparative;
using PllmML.Trainers.SingleCell;

namespace PllmML.Pipeline.Stages;

/// <summary>
/// Conserved markers and cell-type homology of the integrated cells (<see cref="ComparativeAnalysis"/>) into
/// <c>markers/</c>, when the config has a <c>markers</c> section.
/// </summary>
internal sealed class MarkersStage(RunContext context) : IRunStage
{
    public string Name => "markers";

    public IReadOnlyList<string> Outputs => [context.Output.MarkersReport, Path.Combine(context.Output.Markers, "conserved_markers.csv")];

    public StageStamp Stamp()
    {
        var config = context.Config;
        var stamp = new StageStamp("markers").AddFile(context.Output.Integrated).AddFile(context.HomologyTablePath)
            .Add("markers", config.Markers).Add("labelKey", config.Evaluation.LabelKey).Add("targetSum", config.Normalization.TargetSum);
        if (config.Markers?.Ensembl is { } ensembl)
        {
            stamp.AddFile(ensembl);
        }

        return stamp;
    }

    public string Run()
    {
        var (config, markers) = (context.Config, context.Config.Markers!);
        var options = new ComparativeOptions
        {
            LabelKey = config.Evaluation.LabelKey,
            SpeciesKey = OutputKeys.Species,
            EmbeddingKey = OutputKeys.IntegratedEmbedding,
            TargetSum = config.Normalization.TargetSum,
            MinimumPct = markers.MinPct,
            LogFcThreshold = markers.LogFcThreshold,
            MinimumCells = markers.MinCells,
            Combination = markers.Combine,
            TopMarkers = markers.TopMarkers,
            AlignmentNeighbors = markers.AlignmentNeighbors,
        };
        var maps = GeneMaps.Read(context.HomologyTablePath, markers.Ensembl);
        var result = ComparativeAnalysis.RunAndWrite(context.Output.Integrated, context.Output.Markers, options, maps);
        foreach (var skipped in result.Skipped)
        {
            context.Warn($"markers: {skipped.Species}:{skipped.CellType} ({skipped.Cells} cells) skipped: {skipped.Reason}");
        }

        var matches = result.BestMatches.Where(b => b.Species == result.Species[0]).ToList();
        var same = matches.Count(b => b.Match == b.CellType);
        return $"{result.Conserved.Count} conserved markers; {same} of {matches.Count} {result.Species[0]} types best match the same type "
            + $"({matches.Count(b => b.Reciprocal)} reciprocal); {result.GenePairs.Count} gene pairs behind the matches";
    }
}
