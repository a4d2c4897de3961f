using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Data;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.Deep;

/// <summary>
/// Stage 6 as a deep network (scVI, scANVI): trains <see cref="Options.Trainer"/> on the raw counts of
/// <see cref="Options.Genes"/> (by default every feature of <see cref="Options.InputColumnName"/>, the shared-gene
/// counts) with the species as the batch covariate and, for labelled cells of <see cref="Options.TrainSpecies"/>, their
/// cell type; then maps every cell — fitted or new — through the trained encoder, run by <see cref="LatentEncoder"/> in
/// managed code, into the embedding (the latent mean, <see cref="Options.OutputColumnName"/>) and the classifier features.
/// The weights live in the model's state table, so a saved model loads and predicts without libtorch.
/// </summary>
/// <remarks>
/// A network with its own classifier (scANVI) also gives <see cref="ClassifierStage"/>, the chain stage that writes the
/// cell-type probabilities from it.
/// </remarks>
public sealed class LatentIntegrationEstimator : IEstimator<LatentIntegrationTransformer>
{
    private readonly MLContext _mlContext;
    private readonly Options _options;

    /// <summary>Creates the estimator.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="options">Columns, genes and the trainer (copied).</param>
    public LatentIntegrationEstimator(MLContext mlContext, Options options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Trainer, nameof(options.Trainer));
        _mlContext = mlContext;
        _options = options.Copy();
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">A column is missing, or a gene index lies outside the input.</exception>
    public LatentIntegrationTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var countsColumn = DataViewColumns.Require(input.Schema, _options.InputColumnName);
        DataViewColumns.Require(input.Schema, SingleCellColumns.Species);
        var species = DataViewColumns.ReadText(input, SingleCellColumns.Species);
        var speciesNames = species.Distinct().Order(StringComparer.Ordinal).ToArray();
        var speciesCodes = species.Select(name => Array.BinarySearch(speciesNames, name, StringComparer.Ordinal)).ToArray();
        var labelText = input.Schema.GetColumnOrNull(_options.LabelColumnName) is null ? new string[species.Length] : DataViewColumns.ReadText(input, _options.LabelColumnName);
        bool Labelled(int cell) => labelText[cell] is { Length: > 0 } label
            && (_options.TrainSpecies is null || _options.TrainSpecies.Contains(species[cell]))
            && (_options.Labels is null || _options.Labels.Contains(label));
        var labelNames = Enumerable.Range(0, species.Length).Where(Labelled).Select(cell => labelText[cell]).Distinct().Order(StringComparer.Ordinal).ToArray();
        var labels = Enumerable.Range(0, species.Length).Select(cell => Labelled(cell) ? Array.BinarySearch(labelNames, labelText[cell], StringComparer.Ordinal) : -1).ToArray();

        var (counts, genes) = ReadCounts(input, countsColumn);
        var model = _options.Trainer!.Fit(new LatentTrainingData(counts, speciesCodes, speciesNames, labels, labelNames));
        if (model.Encoder.GeneCount != genes.Length || model.Encoder.LatentDimensions > SingleCellColumns.MaxEmbeddingWidth
            || (model.Encoder.CovariateCount > 0 && model.Encoder.CovariateCount != speciesNames.Length)
            || (model.Classifier is { } classifier && (classifier.ClassCount != labelNames.Length || classifier.LatentDimensions != model.Encoder.LatentDimensions)))
        {
            throw new InvalidOperationException($"The {model.Method} trainer returned a network that does not fit its data ({model.Encoder.GeneCount} genes for {genes.Length}, "
                + $"{model.Encoder.LatentDimensions} latent dimensions (at most {SingleCellColumns.MaxEmbeddingWidth}), {model.Classifier?.ClassCount ?? 0} classes for {labelNames.Length}).");
        }

        var state = speciesNames.Select((name, code) => (name, code)).ToDictionary(
            pair => pair.name, pair => LatentEncodeMapping.State(pair.code, genes, model.Encoder), StringComparer.Ordinal);
        return new LatentIntegrationTransformer(Build(state).Fit(input), model, model.Classifier is null ? [] : labelNames);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        DataViewColumns.Require(inputSchema, SingleCellColumns.Species);
        DataViewColumns.Require(inputSchema, _options.InputColumnName);
        return Build(new Dictionary<string, float[]>()).GetOutputSchema(inputSchema);
    }

    /// <summary>
    /// The chain stage that writes a fitted network's cell-type probabilities (<c>Score</c>, in the order of
    /// <see cref="LatentIntegrationTransformer.Labels"/>) and <c>PredictedLabel</c> from the embedding column, with its
    /// own classifier run by <see cref="LatentClassifier"/>.
    /// </summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="fitted">A fitted stage whose network has a classifier.</param>
    /// <param name="data">The data it is fitted on (for the species).</param>
    /// <exception cref="ArgumentException">The network has no classifier.</exception>
    public static ITransformer ClassifierStage(MLContext mlContext, LatentIntegrationTransformer fitted, IDataView data)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(fitted);
        ArgumentNullException.ThrowIfNull(data);
        var classifier = fitted.Model.Classifier ?? throw new ArgumentException($"The {fitted.Model.Method} network has no classifier.", nameof(fitted));
        var state = LatentClassifyMapping.State(fitted.Labels, classifier);
        return StageChain.Build(
            mlContext, LatentClassifyMapping.StateColumn, StateLookup.Shared(StageChain.SpeciesOf(data), state),
            new LatentClassifyMapping(), LatentClassifyMapping.ContractName).Fit(data);
    }

    private (CsrMatrix Counts, int[] Genes) ReadCounts(IDataView input, DataViewSchema.Column column)
    {
        var width = column.Type is VectorDataViewType { Size: > 0 } vector ? vector.Size : -1;
        int[]? genes = _options.Genes is null ? null : [.. _options.Genes];
        var pointers = new List<int> { 0 };
        var columns = new List<int>();
        var values = new List<float>();
        int[]? position = null;
        DataViewColumns.ForEachRow(input, column, (in VBuffer<float> row) =>
        {
            if (width < 0)
            {
                width = row.Length;
            }
            else if (row.Length != width)
            {
                throw new ArgumentOutOfRangeException(nameof(input), $"Cell {pointers.Count - 1} has {row.Length} features in '{column.Name}'; the first had {width}.");
            }

            genes ??= [.. Enumerable.Range(0, width)];
            if (position is null)
            {
                position = new int[width];
                Array.Fill(position, -1);
                for (var g = 0; g < genes.Length; g++)
                {
                    if ((uint)genes[g] >= (uint)width)
                    {
                        throw new ArgumentOutOfRangeException(nameof(input), $"Gene index {genes[g]} lies outside the {width} features of '{column.Name}'.");
                    }

                    position[genes[g]] = g;
                }
            }

            var indices = row.GetIndices();
            var rowValues = row.GetValues();
            var start = columns.Count;
            for (var e = 0; e < rowValues.Length; e++)
            {
                var feature = row.IsDense ? e : indices[e];
                if (position[feature] >= 0 && rowValues[e] != 0)
                {
                    columns.Add(position[feature]);
                    values.Add(rowValues[e]);
                }
            }

            SortRow(columns, values, start);
            pointers.Add(columns.Count);
        });

        genes ??= [];
        return (new CsrMatrix(pointers.Count - 1, genes.Length, [.. pointers], [.. columns], [.. values]), genes);
    }

    private static void SortRow(List<int> columns, List<float> values, int start)
    {
        var count = columns.Count - start;
        for (var i = start + 1; i < start + count; i++)
        {
            if (columns[i] < columns[i - 1])
            {
                var keys = columns.GetRange(start, count).ToArray();
                var items = values.GetRange(start, count).ToArray();
                Array.Sort(keys, items);
                for (var k = 0; k < count; k++)
                {
                    columns[start + k] = keys[k];
                    values[start + k] = items[k];
                }

                return;
            }
        }
    }

    private IEstimator<ITransformer> Build(IReadOnlyDictionary<string, float[]> state) => StageChain.OnColumns(
        _mlContext,
        StageChain.Build(_mlContext, LatentEncodeMapping.StateColumn, state, new LatentEncodeMapping(), LatentEncodeMapping.ContractName),
        [(SingleCellColumns.SharedCounts, _options.InputColumnName)],
        [(SingleCellColumns.Embedding, _options.OutputColumnName), (SingleCellColumns.Features, _options.FeaturesColumnName)]);

    /// <summary>The defaults.</summary>
    public static class Defaults
    {
        /// <summary>The raw counts column.</summary>
        public const string InputColumnName = SingleCellColumns.SharedCounts;

        /// <summary>The embedding column.</summary>
        public const string OutputColumnName = SingleCellColumns.Embedding;

        /// <summary>The padded classifier features column.</summary>
        public const string FeaturesColumnName = SingleCellColumns.Features;

        /// <summary>The label column.</summary>
        public const string LabelColumnName = SingleCellColumns.Label;
    }

    /// <summary>Options of <see cref="LatentIntegrationEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>The network's trainer (required), for example PllmML.Deep's scVI or scANVI trainer.</summary>
        public ILatentIntegrationTrainer? Trainer { get; set; }

        /// <summary>Raw counts (vector of Single, same length on every row).</summary>
        public string InputColumnName { get; set; } = Defaults.InputColumnName;

        /// <summary>The features of the input column the encoder reads (for example the variable genes); null for all.</summary>
        public IReadOnlyList<int>? Genes { get; set; }

        /// <summary>The embedding column written.</summary>
        public string OutputColumnName { get; set; } = Defaults.OutputColumnName;

        /// <summary>The embedding padded to <see cref="SingleCellColumns.MaxEmbeddingWidth"/> slots, written for a classifier.</summary>
        public string FeaturesColumnName { get; set; } = Defaults.FeaturesColumnName;

        /// <summary>The cell-type column (text; empty = unlabelled); absent means no cell is labelled.</summary>
        public string LabelColumnName { get; set; } = Defaults.LabelColumnName;

        /// <summary>Species whose labels the network may use; null for every species.</summary>
        public IReadOnlyList<string>? TrainSpecies { get; set; }

        /// <summary>Only these labels count; null for all.</summary>
        public IReadOnlyList<string>? Labels { get; set; }

        internal Options Copy()
        {
            var copy = (Options)MemberwiseClone();
            copy.Genes = Genes is null ? null : [.. Genes];
            copy.TrainSpecies = TrainSpecies is null ? null : [.. TrainSpecies];
            copy.Labels = Labels is null ? null : [.. Labels];
            return copy;
        }
    }
}
