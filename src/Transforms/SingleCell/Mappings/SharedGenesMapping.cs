using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace PllmML.Transforms.SingleCell.Mappings;

/// <summary>
/// Sums a cell's counts into the shared gene features with its species' map. State layout (per species):
/// <c>[featureCount, entryCount, source₀ … source_{e−1}, target₀ … target_{e−1}]</c>.
/// </summary>
/// <remarks>Model format 1 (the state copied into every row); kept so format-1 models load. New fits use <see cref="CachedSharedGenesMapping"/>.</remarks>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class SharedGenesMapping : CustomMappingFactory<SharedGenesMapping.Input, SharedGenesMapping.Output>
{
    /// <summary>The contract name saved in models; the version changes whenever the state layout does.</summary>
    public const string ContractName = "PllmML.SingleCell.SharedGenes.v1";

    /// <summary>The state column.</summary>
    public const string StateColumn = "PllmML.SharedGenesState";

    /// <summary>Encodes a species map as state.</summary>
    /// <param name="map">The species map.</param>
    /// <param name="featureCount">Number of shared features.</param>
    public static float[] State(SpeciesGeneMap map, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(map);
        return [featureCount, map.SourceGenes.Length, .. map.SourceGenes.Select(i => (float)i), .. map.TargetFeatures.Select(i => (float)i)];
    }

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => static (input, output) =>
    {
        var state = input.State.GetValues();
        MappingErrors.RequireState(state, input.Species);
        var features = state.Length >= 2 ? (int)state[0] : -1;
        var entries = state.Length >= 2 ? (int)state[1] : -1;
        if (features < 0 || entries < 0 || state.Length != 2 + (2L * entries))
        {
            throw new InvalidDataException($"The model's shared-genes state of '{input.Species}' is damaged: {state.Length} values do not hold {entries} gene entries.");
        }

        var counts = input.Counts.DenseValues().ToArray();
        var shared = MappingErrors.Reuse(output.SharedCounts, features);
        shared.AsSpan().Clear();
        for (var entry = 0; entry < entries; entry++)
        {
            var source = (int)state[2 + entry];
            if (source >= counts.Length)
            {
                throw new ArgumentException($"A '{input.Species}' cell has {counts.Length} counts; the model expects the species' model genes in order.");
            }

            var target = (int)state[2 + entries + entry];
            if (source < 0 || (uint)target >= (uint)features)
            {
                throw new InvalidDataException($"The model's shared-genes state of '{input.Species}' is damaged: entry {entry} maps gene {source} to feature {target} of {features}.");
            }

            shared[target] += counts[source];
        }

        output.SharedCounts = shared;
    };

    /// <summary>Input row.</summary>
    public sealed class Input
    {
        /// <summary>The species.</summary>
        public string Species { get; set; } = string.Empty;

        /// <summary>Counts in the species' model gene order.</summary>
        [VectorType]
        public VBuffer<float> Counts { get; set; }

        /// <summary>The species' state.</summary>
        [ColumnName(StateColumn)]
        [VectorType]
        public VBuffer<float> State { get; set; }
    }

    /// <summary>Output row.</summary>
    public sealed class Output
    {
        /// <summary>Counts on the shared features.</summary>
        [VectorType]
        public float[] SharedCounts { get; set; } = [];
    }
}
