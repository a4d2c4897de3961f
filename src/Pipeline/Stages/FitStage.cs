namespace PllmML.Pipeline.Stages;

/// <summary>Fits the integration model on every input and saves <c>model.zip</c>.</summary>
internal sealed class FitStage(RunContext context) : IRunStage
{
    public string Name => "fit";

    public IReadOnlyList<string> Outputs => [context.Output.Model];

    public StageStamp Stamp()
    {
        var config = context.Config;
        var stamp = new StageStamp("fit")
            .Add("cells", context.CellInputs()).AddFiles(context.HomologyTables.Select(table => table.Path))
            .Add("homology", new { config.Homology.Strategy, config.Homology.ReferenceSpecies, config.Homology.Source })
            .Add("trainSpecies", config.TrainSpecies).Add("keepLabels", config.KeepLabels).Add("normalization", config.Normalization)
            .Add("variableGenes", config.VariableGenes).Add("scaling", config.Scaling).Add("pca", config.Pca).Add("harmony", config.Harmony)
            .Add("minimumGeneOverlap", config.MinimumGeneOverlap).Add("coverage", config.Coverage).Add("seed", config.Seed);
        if (config.Homology.Tables is { } tables)
        {
            stamp = stamp.Add("tables", tables.Select(table => table.Species));
        }

        // Harmony runs keep the stamp they always had (and so their finished fit); a deep method adds its section.
        return config.Integration.Method == "harmony" ? stamp : stamp.Add("integration", config.Integration);
    }

    public string Run()
    {
        var model = IntegrationFit.Fit(context.Config, context.HomologyTables, context.Warn,
            timing => context.Log($"fit: {timing.Stage} {timing.Elapsed.TotalSeconds:F2} s: {timing.Summary}"), cycles =>
            {
                File.WriteAllText(context.Output.Cycles, cycles.ToCsv());
                context.Log($"fit: {cycles.Summary()} (per gene: {context.Output.Cycles})");
            });
        model.Save(context.Output.Model);
        var manifest = model.Manifest;
        return $"{string.Join(" + ", manifest.Species.Select(s => $"{s.Cells} {s.Name}"))} cells, {manifest.SharedFeatures} shared genes "
            + $"({manifest.HomologyStrategy}, {manifest.HomologySource}), {manifest.EmbeddingDimensions} dimensions, classifier on {string.Join(", ", manifest.TrainSpecies)}";
    }
}
