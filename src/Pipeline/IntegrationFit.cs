using Microsoft.ML;
using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Pipeline.Configuration;
using PllmML.Trainers.SingleCell;

namespace PllmML.Pipeline;

/// <summary>Fits the integration model of a run configuration: what <c>pllm fit</c> and the run's fit stage do.</summary>
public static class IntegrationFit
{
    /// <summary>Reads the inputs and the homology table, orients the pairs and fits the whole chain.</summary>
    /// <param name="config">The configuration (inputs, homology, chain parameters).</param>
    /// <param name="homologyTable">The pair table to share genes by (default: <see cref="HomologyConfiguration.Path"/>).</param>
    /// <param name="warn">Receives warnings about the inputs.</param>
    /// <param name="progress">Receives each fitting stage's timing.</param>
    /// <exception cref="RunConfigurationException">The configuration lists no inputs.</exception>
    /// <exception cref="DataFormatException">An input or the table does not hold what the configuration says.</exception>
    public static SingleCellModel Fit(RunConfiguration config, string? homologyTable = null, Action<string>? warn = null, Action<StageTiming>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Inputs.Count == 0)
        {
            throw new RunConfigurationException("configuration", "inputs", "no inputs: the integration needs at least two (species)");
        }

        var inputs = config.Inputs.Select(input => CellInputs.Read(input, config.KeepLabels, warn)).ToList();
        var tablePath = homologyTable ?? config.Homology.Path;
        var reference = config.Homology.ReferenceSpecies ?? inputs[0].Species;
        var table = OrthologTableReader.Read(tablePath);
        var pairs = GenePairOrientation.BySpecies(table.Pairs, reference, inputs, tablePath);
        var options = config.ToPipelineOptions(reference);
        options.HomologySource = Path.GetFileName(tablePath);
        try
        {
            return SingleCellPipeline.Fit(new MLContext(config.Seed), inputs, pairs, options, progress);
        }
        catch (MissingLabelsException exception)
        {
            throw new DataFormatException(string.Join(", ", config.Inputs.Select(input => input.Path)), string.Empty, exception.Message, exception);
        }
    }
}
