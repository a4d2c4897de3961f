using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using PllmML.Transforms.SingleCell;
using PllmML.Transforms.SingleCell.Mappings;

namespace PllmML.Trainers.Integration;

/// <summary>
/// Format 2 of <see cref="HarmonyMapping"/>: the same arithmetic (<see cref="HarmonyMapping.Apply"/>) and state
/// layout, with the species' state read once per cursor (<see cref="SpeciesStateCache"/>) instead of copied into
/// every row (the cache lives in the output row object, created once per cursor).
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class CachedHarmonyMapping : CustomMappingFactory<CachedHarmonyMapping.Input, CachedHarmonyMapping.Output>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "PllmML.Integration.HarmonyMap.v2";

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => static (input, output) =>
    {
        var cache = output.Cache;
        var state = cache.StateOf(input.Species, input.StateKey, input.State);
        var d = (int)state[0];
        var scores = cache.Dense(input.Pca);
        var embedding = output.Embedding is { Length: var length } && length == d ? output.Embedding : new float[d];
        HarmonyMapping.Apply(state, scores, embedding);
        output.Embedding = embedding;
        var features = output.Features is { Length: SingleCellColumns.MaxEmbeddingWidth } ? output.Features : new float[SingleCellColumns.MaxEmbeddingWidth];
        Array.Clear(features);
        embedding.CopyTo(features, 0);
        output.Features = features;
    };

    /// <summary>Input row.</summary>
    public sealed class Input : CachedStageInput
    {
        /// <summary>PCA scores.</summary>
        [VectorType]
        public VBuffer<float> Pca { get; set; }

        /// <summary>The species' state on a keyed row, else empty.</summary>
        [ColumnName(HarmonyMapping.StateColumn)]
        [VectorType]
        public VBuffer<float> State { get; set; }
    }

    /// <summary>Output row.</summary>
    public sealed class Output : CachedStageOutput
    {
        /// <summary>The corrected embedding.</summary>
        [VectorType]
        public float[] Embedding { get; set; } = [];

        /// <summary>The embedding padded to <see cref="SingleCellColumns.MaxEmbeddingWidth"/> (classifier features).</summary>
        [VectorType(SingleCellColumns.MaxEmbeddingWidth)]
        public float[] Features { get; set; } = [];
    }
}
