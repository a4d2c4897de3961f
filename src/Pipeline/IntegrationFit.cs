using Microsoft.ML;
using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Pipeline.Configuration;
using PllmML.Pipeline.Species;
using PllmML.Trainers.SingleCell;

namespace PllmML.Pipeline;

/// <summary>Fits the integration model of a run configuration: what <c>pllm fit</c> and the run's fit stage do.</summary>
public static class IntegrationFit
{
    /// <summary>Reads the inputs and the homology table(s), orients the pairs and fits the whole chain.</summary>
    /// <param name="config">The configuration (inputs, homology, chain parameters).</param>
    /// <param name="homologyTable">The pair table to share genes by (default: the configuration's <see cref="HomologyConfiguration.AllTables"/>).</param>
    /// <param name="warn">Receives warnings about the inputs.</param>
    /// <param name="progress">Receives each fitting stage's timing.</param>
    /// <exception cref="RunConfigurationException">The configuration lists no inputs.</exception>
    /// <exception cref="DataFormatException">An input or the table does not hold what the configuration says.</exception>
    public static SingleCellModel Fit(RunConfiguration config, string? homologyTable = null, Action<string>? warn = null, Action<StageTiming>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Fit(config, homologyTable is null ? config.Homology.AllTables() : [new HomologyTableConfiguration { Path = homologyTable }], warn, progress);
    }

    /// <summary>Reads the inputs and the homology tables, resolves them against the species and fits the whole chain over every species.</summary>
    /// <param name="config">The configuration (inputs, homology strategy and reference, chain parameters).</param>
    /// <param name="tables">The tables to share genes by (<see cref="SpeciesHomology"/>).</param>
    /// <param name="warn">Receives warnings about the inputs.</param>
    /// <param name="progress">Receives each fitting stage's timing.</param>
    /// <param name="cycles">With three or more species and a table between every consecutive pair (inputs in order, reference first): receives the cycle consistency of the one-to-one maps.</param>
    /// <exception cref="RunConfigurationException">The configuration lists no inputs.</exception>
    /// <exception cref="DataFormatException">An input or a table does not hold what the configuration says.</exception>
    public static SingleCellModel Fit(
        RunConfiguration config, IReadOnlyList<HomologyTableConfiguration> tables, Action<string>? warn = null, Action<StageTiming>? progress = null, Action<CycleConsistency>? cycles = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(tables);
        if (config.Inputs.Count == 0)
        {
            throw new RunConfigurationException("configuration", "inputs", "no inputs: the integration needs at least two (species)");
        }

        var inputs = config.Inputs.Select(input => CellInputs.Read(input, config.KeepLabels, warn)).ToList();
        var reference = config.Homology.ReferenceSpecies ?? inputs[0].Species;
        var read = tables.Select(table => (table.Path, table.Species, OrthologTableReader.Read(table.Path))).ToList();
        var pairs = PairsBySpecies(reference, inputs, read);
        if (inputs.Count >= 3 && cycles is not null)
        {
            var order = inputs.Select(input => input.Species).Where(name => name != reference).Prepend(reference).ToList();
            if (SpeciesHomology.Resolve(reference, inputs, read).Cycles(order) is { } consistency)
            {
                cycles(consistency);
            }
        }

        return Fit(config, inputs, pairs, string.Join("+", tables.Select(table => Path.GetFileName(table.Path))), null, progress);
    }

    /// <summary>
    /// The pairs (reference gene, species gene) of every non-reference species. Two species and one table without a
    /// declared species keep the two-species rule (<see cref="GenePairOrientation"/>); anything else is resolved by
    /// <see cref="SpeciesHomology"/>.
    /// </summary>
    /// <param name="reference">The reference species.</param>
    /// <param name="inputs">Every species' cells.</param>
    /// <param name="tables">Each table's file, declared species and content.</param>
    /// <exception cref="DataFormatException">A table does not fit the inputs (the message names the table and the species).</exception>
    public static IReadOnlyDictionary<string, GenePairTable> PairsBySpecies(string reference, IReadOnlyList<SpeciesData> inputs, IReadOnlyList<(string Path, string? Species, OrthologTable Table)> tables)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(tables);
        return inputs.Count == 2 && tables.Count == 1 && tables[0].Species is null && tables[0].Table.Kind != OrthologTableKind.MultiSpecies
            ? GenePairOrientation.BySpecies(tables[0].Table.Pairs, reference, inputs, tables[0].Path)
            : SpeciesHomology.Resolve(reference, inputs, tables).PairsBySpecies;
    }

    /// <summary>Fits the chain on inputs already read, with pairs already resolved (what <see cref="Comparison.GeneMapComparison"/> repeats per map).</summary>
    /// <param name="config">The chain parameters.</param>
    /// <param name="inputs">Every species' cells.</param>
    /// <param name="pairs">The pairs of every non-reference species.</param>
    /// <param name="homologySource">The name of the pairs' source, recorded in the manifest.</param>
    /// <param name="trainSpecies">The species whose labels train the classifier (null: the configuration's).</param>
    /// <param name="progress">Receives each fitting stage's timing.</param>
    /// <param name="strategy">How the pairs become shared genes (null: the configuration's <see cref="HomologyConfiguration.Strategy"/>).</param>
    /// <exception cref="DataFormatException">No training species has labels.</exception>
    public static SingleCellModel Fit(
        RunConfiguration config, IReadOnlyList<SpeciesData> inputs, IReadOnlyDictionary<string, GenePairTable> pairs, string homologySource,
        IReadOnlyList<string>? trainSpecies = null, Action<StageTiming>? progress = null, Transforms.SingleCell.HomologyStrategy? strategy = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(inputs);
        var reference = config.Homology.ReferenceSpecies ?? inputs[0].Species;
        var options = config.ToPipelineOptions(reference);
        options.HomologySource = homologySource;
        options.HomologyStrategy = strategy ?? options.HomologyStrategy;
        if (trainSpecies is not null)
        {
            options.TrainSpecies = trainSpecies;
        }

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
