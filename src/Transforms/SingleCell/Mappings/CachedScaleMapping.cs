using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace PllmML.Transforms.SingleCell.Mappings;

/// <summary>
/// Format 2 of <see cref="ScaleMapping"/>: the same arithmetic and state layout, with the species' state read once per
/// cursor (<see cref="SpeciesStateCache"/>, held by the output row object that ML.NET creates once per
/// cursor) instead of copied into every row.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class CachedScaleMapping : CustomMappingFactory<CachedScaleMapping.Input, CachedScaleMapping.Output>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "PllmML.SingleCell.Scale.v2";

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => static (input, output) =>
    {
        var cache = output.Cache;
        var state = cache.StateOf(input.Species, input.StateKey, input.State);
        var genes = (state.Length - 1) / 2;
        var values = cache.Dense(input.VariableGenes);
        var scaled = MappingErrors.Reuse(output.Scaled, genes);
        GeneScaling.Apply(values, scaled, state.Slice(1, genes), state.Slice(1 + genes, genes), state[0]);
        output.Scaled = scaled;
    };

    /// <summary>Input row.</summary>
    public sealed class Input : CachedStageInput
    {
        /// <summary>Variable genes.</summary>
        [VectorType]
        public VBuffer<float> VariableGenes { get; set; }

        /// <summary>The species' state on a keyed row, else empty.</summary>
        [ColumnName(ScaleMapping.StateColumn)]
        [VectorType]
        public VBuffer<float> State { get; set; }
    }

    /// <summary>Output row.</summary>
    public sealed class Output : CachedStageOutput
    {
        /// <summary>Scaled values.</summary>
        [VectorType]
        public float[] Scaled { get; set; } = [];
    }
}
