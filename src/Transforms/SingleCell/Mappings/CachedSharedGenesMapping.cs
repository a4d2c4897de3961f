using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace PllmML.Transforms.SingleCell.Mappings;

/// <summary>
/// Format 2 of <see cref="SharedGenesMapping"/>: the same arithmetic and state layout, with the species' state read once per
/// cursor (<see cref="SpeciesStateCache"/>, held by the output row object that ML.NET creates once per
/// cursor) instead of copied into every row.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class CachedSharedGenesMapping : CustomMappingFactory<CachedSharedGenesMapping.Input, CachedSharedGenesMapping.Output>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "PllmML.SingleCell.SharedGenes.v2";

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => static (input, output) =>
    {
        var cache = output.Cache;
        var state = cache.StateOf(input.Species, input.StateKey, input.State);
        var features = state.Length >= 2 ? (int)state[0] : -1;
        var entries = state.Length >= 2 ? (int)state[1] : -1;
        if (features < 0 || entries < 0 || state.Length != 2 + (2L * entries))
        {
            throw new InvalidDataException($"The model's shared-genes state of '{input.Species}' is damaged: {state.Length} values do not hold {entries} gene entries.");
        }

        var shared = MappingErrors.Reuse(output.SharedCounts, features);
        shared.AsSpan().Clear();
        var values = cache.Dense(input.Counts);
        for (var entry = 0; entry < entries; entry++)
        {
            var source = (int)state[2 + entry];
            if (source >= values.Length)
            {
                throw new ArgumentException($"A '{input.Species}' cell has {values.Length} counts; the model expects the species' model genes in order.");
            }

            var target = (int)state[2 + entries + entry];
            if (source < 0 || (uint)target >= (uint)features)
            {
                throw new InvalidDataException($"The model's shared-genes state of '{input.Species}' is damaged: entry {entry} maps gene {source} to feature {target} of {features}.");
            }

            shared[target] += values[source];
        }

        output.SharedCounts = shared;
    };

    /// <summary>Input row.</summary>
    public sealed class Input : CachedStageInput
    {
        /// <summary>Counts in the species' model gene order.</summary>
        [VectorType]
        public VBuffer<float> Counts { get; set; }

        /// <summary>The species' state on a keyed row, else empty.</summary>
        [ColumnName(SharedGenesMapping.StateColumn)]
        [VectorType]
        public VBuffer<float> State { get; set; }
    }

    /// <summary>Output row.</summary>
    public sealed class Output : CachedStageOutput
    {
        /// <summary>Counts on the shared features.</summary>
        [VectorType]
        public float[] SharedCounts { get; set; } = [];
    }
}
