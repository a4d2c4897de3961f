using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using PllmML.Transforms.SingleCell.Mappings;

namespace PllmML.Trainers.Deep;

/// <summary>
/// Serves scANVI's classifier: the embedding (latent mean) → <see cref="LatentClassifier"/> → <c>Score</c> (the
/// probabilities in the model's label order) and <c>PredictedLabel</c> (the most probable type; the first on a tie).
/// State (the same for every species): <c>[types, each type's name as UTF-16 code units (length first), classifier weights]</c>.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class LatentClassifyMapping : CustomMappingFactory<LatentClassifyMapping.Input, LatentClassifyMapping.Output>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "PllmML.Integration.LatentClassify.v1";

    /// <summary>The state column.</summary>
    public const string StateColumn = "PllmML.LatentClassifierState";

    /// <summary>The state.</summary>
    public static float[] State(IReadOnlyList<string> labels, LatentClassifierWeights weights)
    {
        var state = new FloatState();
        state.Add(labels.Count);
        foreach (var label in labels)
        {
            state.Add([.. label.Select(c => (float)c)]);
        }

        weights.WriteState(state);
        return state.ToArray();
    }

    /// <summary>Reads the state.</summary>
    /// <exception cref="InvalidDataException">The state is damaged.</exception>
    public static (string[] Labels, LatentClassifierWeights Weights) Parse(ReadOnlySpan<float> state)
    {
        var reader = new FloatState.Reader(state, 0);
        var labels = new string[reader.ReadCount("the number of cell types")];
        for (var i = 0; i < labels.Length; i++)
        {
            var codes = reader.ReadArray("a cell type's name");
            if (Array.Exists(codes, c => !(c >= 0 && c <= char.MaxValue) || c != MathF.Floor(c)))
            {
                throw new InvalidDataException($"Network state: cell type {i}'s name is not text.");
            }

            labels[i] = new string([.. codes.Select(c => (char)c)]);
        }

        var weights = LatentClassifierWeights.ReadState(ref reader);
        if (weights.ClassCount != labels.Length || reader.Offset != state.Length)
        {
            throw new InvalidDataException($"Network state: {labels.Length} cell types for a classifier of {weights.ClassCount}, {state.Length - reader.Offset} values left over.");
        }

        return (labels, weights);
    }

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => static (input, output) =>
    {
        if (output.Served is null)
        {
            var (labels, weights) = Parse(output.Cache.StateOf(input.Species, input.StateKey, input.State));
            output.Served = (new LatentClassifier(weights), labels);
        }
        else if (input.StateKey.Length > 0)
        {
            // A species met for the first time in this cursor: its state row is the same classifier; keep the cache in step.
            output.Cache.StateOf(input.Species, input.StateKey, input.State);
        }

        var (classifier, names) = output.Served.Value;
        var latent = output.Cache.Dense(input.Embedding);
        var scores = MappingErrors.Reuse(output.Score, classifier.ClassCount);
        classifier.Predict(latent, scores);
        var best = 0;
        for (var k = 1; k < scores.Length; k++)
        {
            if (scores[k] > scores[best])
            {
                best = k;
            }
        }

        output.Score = scores;
        output.PredictedLabel = names[best];
    };

    /// <summary>Input row.</summary>
    public sealed class Input : CachedStageInput
    {
        /// <summary>The latent mean.</summary>
        [VectorType]
        public VBuffer<float> Embedding { get; set; }

        /// <summary>The state on a keyed row, else empty.</summary>
        [ColumnName(StateColumn)]
        [VectorType]
        public VBuffer<float> State { get; set; }
    }

    /// <summary>Output row.</summary>
    public sealed class Output : CachedStageOutput
    {
        /// <summary>Probabilities of the cell types, in the model's label order.</summary>
        [VectorType]
        public float[] Score { get; set; } = [];

        /// <summary>The most probable cell type.</summary>
        public string PredictedLabel { get; set; } = string.Empty;

        /// <summary>The parsed classifier of this cursor (not a column).</summary>
        [NoColumn]
        public (LatentClassifier Classifier, string[] Labels)? Served { get; set; }
    }
}
