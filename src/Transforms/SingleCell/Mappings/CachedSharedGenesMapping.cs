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

        var counts = input.Counts;
        if (!counts.IsDense && output.SparsePlan(input.Species, state, features) is { } sparse && counts.Length >= sparse.GenesRead)
        {
            var result = output.SharedCounts;
            sparse.Sum(counts.GetIndices(), counts.GetValues(), ref result);
            output.SharedCounts = result;
            return;
        }

        var shared = MappingErrors.Reuse(output.Dense, features);
        output.Dense = shared;
        shared.AsSpan().Clear();
        var values = cache.Dense(counts);
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

        var sharedCounts = output.SharedCounts;
        SparseVectors.FromDense(shared, ref sharedCounts);
        output.SharedCounts = sharedCounts;
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
        /// <summary>Counts on the shared features, sparse: a cell's ~2,000 non-zero features instead of 12,000 floats copied at every read.</summary>
        [VectorType]
        public VBuffer<float> SharedCounts { get; set; }

        /// <summary>The dense sums, reused from cell to cell (not a column).</summary>
        [NoColumn]
        public float[] Dense { get; set; } = [];

        /// <summary>Per species, its sparse sums (null where the dense sum serves); not a column.</summary>
        [NoColumn]
        public Dictionary<string, SparseGeneSums?> SparsePlans { get; } = new(StringComparer.Ordinal);

        /// <summary>The species' sparse sums, made from its state on first use; null for a state the dense path must judge or a map with a feature of three or more genes.</summary>
        public SparseGeneSums? SparsePlan(string species, ReadOnlySpan<float> state, int features)
        {
            if (!SparsePlans.TryGetValue(species, out var plan))
            {
                var entries = (state.Length - 2) / 2;
                var sources = new int[entries];
                var targets = new int[entries];
                var valid = true;
                for (var entry = 0; entry < entries && valid; entry++)
                {
                    sources[entry] = (int)state[2 + entry];
                    targets[entry] = (int)state[2 + entries + entry];
                    valid = sources[entry] >= 0 && (uint)targets[entry] < (uint)features;
                }

                plan = valid ? SparseGeneSums.Of(sources, targets, features) : null;
                SparsePlans[species] = plan;
            }

            return plan;
        }
    }
}
