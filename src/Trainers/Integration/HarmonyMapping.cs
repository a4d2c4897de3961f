using System.Numerics.Tensors;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.Integration;

/// <summary>
/// Maps a cell's PCA scores into the Harmony-corrected space (<see cref="HarmonyModel.Map"/>) with its species'
/// corrections. State per species: <c>[d, clusters, passes, σ…, centroids… (clusters × d), corrections… (clusters × d)]</c>
/// where the corrections are the fitted ridge coefficients of the species' level.
/// </summary>
/// <remarks>Model format 1 (the state copied into every row); kept so format-1 models load. New fits use <see cref="CachedHarmonyMapping"/>.</remarks>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class HarmonyMapping : CustomMappingFactory<HarmonyMapping.Input, HarmonyMapping.Output>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "PllmML.Integration.HarmonyMap.v1";

    /// <summary>The state column.</summary>
    public const string StateColumn = "PllmML.HarmonyState";

    /// <summary>Encodes the model for cells of one covariate level.</summary>
    /// <param name="model">The fitted model.</param>
    /// <param name="level">The level index (into <see cref="HarmonyModel.Levels"/>).</param>
    public static float[] State(HarmonyModel model, int level)
    {
        ArgumentNullException.ThrowIfNull(model);
        var d = model.Dimensions;
        var k = model.Clusters;
        var rows = model.Levels.Count + 1;
        var corrections = new float[k * d];
        for (var cluster = 0; cluster < k; cluster++)
        {
            for (var j = 0; j < d; j++)
            {
                corrections[(cluster * d) + j] = (float)model.Coefficients[(((cluster * rows) + level + 1) * d) + j];
            }
        }

        return [d, k, model.MappingPasses, .. model.Sigma.Select(s => (float)s), .. model.Centroids.Select(c => (float)c), .. corrections];
    }

    /// <summary>Applies a state to one cell (the same arithmetic as the saved mapping).</summary>
    /// <param name="state">The species' state.</param>
    /// <param name="cell">PCA scores.</param>
    /// <param name="corrected">Corrected scores (d values).</param>
    public static void Apply(ReadOnlySpan<float> state, ReadOnlySpan<float> cell, Span<float> corrected)
    {
        var d = (int)state[0];
        var k = (int)state[1];
        var passes = (int)state[2];
        var sigma = state.Slice(3, k);
        var centroids = state.Slice(3 + k, k * d);
        var corrections = state.Slice(3 + k + (k * d), k * d);
        Span<float> unit = stackalloc float[d];
        Span<float> weights = stackalloc float[k];
        cell[..d].CopyTo(corrected);
        for (var pass = 0; pass < passes; pass++)
        {
            var norm = TensorPrimitives.Norm(corrected[..d]);
            TensorPrimitives.Multiply(corrected[..d], norm > 0 ? 1 / norm : 0, unit);
            for (var cluster = 0; cluster < k; cluster++)
            {
                weights[cluster] = -2 * (1 - TensorPrimitives.Dot(centroids.Slice(cluster * d, d), unit)) / sigma[cluster];
            }

            TensorPrimitives.Subtract(weights, TensorPrimitives.Max(weights), weights);
            TensorPrimitives.Exp(weights, weights);
            TensorPrimitives.Divide(weights, TensorPrimitives.Sum(weights), weights);
            cell[..d].CopyTo(corrected);
            for (var cluster = 0; cluster < k; cluster++)
            {
                TensorPrimitives.MultiplyAdd(corrections.Slice(cluster * d, d), -weights[cluster], corrected[..d], corrected[..d]);
            }
        }
    }

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => static (input, output) =>
    {
        var state = input.State.GetValues();
        if (state.Length == 0)
        {
            throw new ArgumentException($"The species '{input.Species}' is not in the model.");
        }

        var d = (int)state[0];
        var scores = input.Pca.DenseValues().ToArray();
        var embedding = output.Embedding is { Length: var length } && length == d ? output.Embedding : new float[d];
        Apply(state, scores, embedding);
        output.Embedding = embedding;
        var features = output.Features is { Length: SingleCellColumns.MaxEmbeddingWidth } ? output.Features : new float[SingleCellColumns.MaxEmbeddingWidth];
        Array.Clear(features);
        embedding.CopyTo(features, 0);
        output.Features = features;
    };

    /// <summary>Input row.</summary>
    public sealed class Input
    {
        /// <summary>The species.</summary>
        public string Species { get; set; } = string.Empty;

        /// <summary>PCA scores.</summary>
        [VectorType]
        public VBuffer<float> Pca { get; set; }

        /// <summary>State.</summary>
        [ColumnName(StateColumn)]
        [VectorType]
        public VBuffer<float> State { get; set; }
    }

    /// <summary>Output row.</summary>
    public sealed class Output
    {
        /// <summary>The corrected embedding.</summary>
        [VectorType]
        public float[] Embedding { get; set; } = [];

        /// <summary>The embedding padded to <see cref="SingleCellColumns.MaxEmbeddingWidth"/> (classifier features).</summary>
        [VectorType(SingleCellColumns.MaxEmbeddingWidth)]
        public float[] Features { get; set; } = [];
    }
}
