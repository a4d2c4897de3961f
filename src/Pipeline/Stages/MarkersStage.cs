using PllmML.Comparative;
using PllmML.Data.Orthologs;
using PllmML.Pipeline.Species;
using PllmML.Trainers.SingleCell;

namespace PllmML.Pipeline.Stages;

/// <summary>
/// Conserved markers and cell-type homology of the integrated cells (<see cref="ComparativeAnalysis"/>) into
/// <c>markers/</c>, when the config has a <c>markers</c> section.
/// </summary>
/// <remarks>
/// Two species and one two-species table: the table names each feature's homolog (as <c>pllm markers --homology</c>).
/// Any other case (three or more species, several tables, a multi-species table): every species' pairs with the
/// reference as the fit resolved them (<see cref="IntegrationFit.PairsBySpecies"/>), so each side of a gene pair is its
/// own species' gene; an Ensembl table checks the species it links directly to the reference
/// (<see cref="SpeciesHomology.DirectPairs"/>) and says nothing (NA) about the others.
/// </remarks>
internal sealed class MarkersStage(RunContext context) : IRunStage
{
    public string Name => "markers";

    public IReadOnlyList<string> Outputs => [context.Output.MarkersReport, Path.Combine(context.Output.Markers, "conserved_markers.csv")];

    public StageStamp Stamp()
    {
        var config = context.Config;
        var stamp = new StageStamp("markers").AddFile(context.Output.Integrated).AddFiles(context.HomologyTables.Select(table => table.Path))
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
        var maps = Maps();
        var result = ComparativeAnalysis.RunAndWrite(context.Output.Integrated, context.Output.Markers, options, maps);
        foreach (var skipped in result.Skipped)
        {
            context.Warn($"markers: {skipped.Species}:{skipped.CellType} ({skipped.Cells} cells) skipped: {skipped.Reason}");
        }

        var matches = result.BestMatches.Where(b => b.Species == result.Species[0]).ToList();
        var same = matches.Count(b => b.Match == b.CellType);
        return $"{result.Conserved.Count} conserved markers ({result.Species.Count} species); {same} of {matches.Count} {result.Species[0]} types best match the same type "
            + $"({matches.Count(b => b.Reciprocal)} reciprocal); {result.GenePairs.Count} gene pairs behind the matches";
    }

    /// <summary>The gene maps of the shared gene space: the one table for two species, else every species' pairs with the reference.</summary>
    private GeneMaps Maps()
    {
        var (config, ensembl) = (context.Config, context.Config.Markers!.Ensembl);
        var tables = context.HomologyTables;
        if (config.Inputs.Count == 2 && tables.Count == 1 && tables[0].Species is null)
        {
            var table = OrthologTableReader.Read(tables[0].Path);
            if (table.Kind != OrthologTableKind.MultiSpecies)
            {
                return new GeneMaps(table.Pairs, tables[0].Path, ensembl is null ? null : OrthologTableReader.Read(ensembl).Pairs);
            }
        }

        var inputs = config.Inputs.Select(input => CellInputs.Read(input, config.KeepLabels)).ToList();
        var reference = config.Homology.ReferenceSpecies ?? inputs[0].Species;
        var read = tables.Select(table => (table.Path, table.Species, OrthologTableReader.Read(table.Path))).ToList();
        return new GeneMaps(null, string.Join(" + ", tables.Select(table => Path.GetFileName(table.Path))))
        {
            ReferenceSpecies = reference,
            HomologyBySpecies = IntegrationFit.PairsBySpecies(reference, inputs, read),
            EnsemblBySpecies = ensembl is null ? null : SpeciesHomology.DirectPairs(reference, inputs, [(ensembl, null, OrthologTableReader.Read(ensembl))]),
        };
    }
}
