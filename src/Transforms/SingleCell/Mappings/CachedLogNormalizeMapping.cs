using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace PllmML.Transforms.SingleCell.Mappings;

/// <summary>
/// Format 2 of <see cref="LogNormalizeMapping"/>: the same arithmetic and state layout, with the species' state read once per
/// cursor (<see cref="SpeciesStateCache"/>, held by the output row object that ML.NET creates once per
/// cursor) instead of copied into every row.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class CachedLogNormalizeMapping : CustomMappingFactory<CachedLogNormalizeMapping.Input, CachedLogNormalizeMapping.Output>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "PllmML.SingleCell.LogNormalize.v2";

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => static (input, output) =>
    {
        var cache = output.Cache;
        var state = cache.StateOf(input.Species, input.StateKey, input.State);
        var normalized = output.Normalized;
        LogNormalization.Apply(input.SharedCounts, ref normalized, state[0]);
        output.Normalized = normalized;
    };

    /// <summary>Input row.</summary>
    public sealed class Input : CachedStageInput
    {
        /// <summary>Shared counts.</summary>
        [VectorType]
        public VBuffer<float> SharedCounts { get; set; }

        /// <summary>The species' state on a keyed row, else empty.</summary>
        [ColumnName(LogNormalizeMapping.StateColumn)]
        [VectorType]
        public VBuffer<float> State { get; set; }
    }

    /// <summary>Output row.</summary>
    public sealed class Output : CachedStageOutput
    {
        /// <summary>Log-normalised values, sparse where the counts are (zero stays zero).</summary>
        [VectorType]
        public VBuffer<float> Normalized { get; set; }
    }
}
