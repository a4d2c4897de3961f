using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using PllmML.Kernels.LinearAlgebra;

namespace PllmML.Transforms.SingleCell.Mappings;

/// <summary>
/// Format 2 of <see cref="ProjectMapping"/>: the same arithmetic and state layout, with the species' state read once per
/// cursor (<see cref="SpeciesStateCache"/>, held by the output row object that ML.NET creates once per
/// cursor) instead of copied into every row.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class CachedProjectMapping : CustomMappingFactory<CachedProjectMapping.Input, CachedProjectMapping.Output>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "PllmML.SingleCell.Project.v2";

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => static (input, output) =>
    {
        var cache = output.Cache;
        var state = cache.StateOf(input.Species, input.StateKey, input.State);
        var components = (int)state[0];
        var genes = (state.Length - 1) / (components + 1);
        var values = cache.Dense(input.Scaled);
        var scores = MappingErrors.Reuse(output.Pca, components);
        PrincipalComponents.Project(values, scores, state.Slice(1, genes), state.Slice(1 + genes, components * genes));
        output.Pca = scores;
    };

    /// <summary>Input row.</summary>
    public sealed class Input : CachedStageInput
    {
        /// <summary>Scaled values.</summary>
        [VectorType]
        public VBuffer<float> Scaled { get; set; }

        /// <summary>The species' state on a keyed row, else empty.</summary>
        [ColumnName(ProjectMapping.StateColumn)]
        [VectorType]
        public VBuffer<float> State { get; set; }
    }

    /// <summary>Output row.</summary>
    public sealed class Output : CachedStageOutput
    {
        /// <summary>Principal component scores.</summary>
        [VectorType]
        public float[] Pca { get; set; } = [];
    }
}
