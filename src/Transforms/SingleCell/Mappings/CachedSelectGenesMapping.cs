using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace PllmML.Transforms.SingleCell.Mappings;

/// <summary>
/// Format 2 of <see cref="SelectGenesMapping"/>: the same arithmetic and state layout, with the species' state read once per
/// cursor (<see cref="SpeciesStateCache"/>, held by the output row object that ML.NET creates once per
/// cursor) instead of copied into every row.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class CachedSelectGenesMapping : CustomMappingFactory<CachedSelectGenesMapping.Input, CachedSelectGenesMapping.Output>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "PllmML.SingleCell.SelectGenes.v2";

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => static (input, output) =>
    {
        var cache = output.Cache;
        var state = cache.StateOf(input.Species, input.StateKey, input.State);
        var normalized = input.Normalized;
        var selected = MappingErrors.Reuse(output.VariableGenes, state.Length);
        if (!normalized.IsDense && output.SparseSelection(input.Species, state, normalized.Length) is { } sparse)
        {
            sparse.Select(normalized.GetIndices(), normalized.GetValues(), selected);
            output.VariableGenes = selected;
            return;
        }

        var values = cache.Dense(normalized);
        for (var i = 0; i < state.Length; i++)
        {
            var gene = (int)state[i];
            if ((uint)gene >= (uint)values.Length)
            {
                throw new InvalidDataException($"The model's selected-genes state of '{input.Species}' is damaged: entry {i} names feature {gene} of {values.Length}.");
            }

            selected[i] = values[gene];
        }

        output.VariableGenes = selected;
    };

    /// <summary>Input row.</summary>
    public sealed class Input : CachedStageInput
    {
        /// <summary>Log-normalised shared features.</summary>
        [VectorType]
        public VBuffer<float> Normalized { get; set; }

        /// <summary>The species' state on a keyed row, else empty.</summary>
        [ColumnName(SelectGenesMapping.StateColumn)]
        [VectorType]
        public VBuffer<float> State { get; set; }
    }

    /// <summary>Output row.</summary>
    public sealed class Output : CachedStageOutput
    {
        /// <summary>The selected genes' values.</summary>
        [VectorType]
        public float[] VariableGenes { get; set; } = [];

        /// <summary>Per species, its selection from sparse values (null where the dense gather serves); not a column.</summary>
        [NoColumn]
        public Dictionary<string, SparseSelection?> SparseSelections { get; } = new(StringComparer.Ordinal);

        /// <summary>The species' selection for vectors of <paramref name="features"/>, made from its state on first use.</summary>
        public SparseSelection? SparseSelection(string species, ReadOnlySpan<float> state, int features)
        {
            if (!SparseSelections.TryGetValue(species, out var selection) || (selection is not null && selection.Features != features))
            {
                selection = Mappings.SparseSelection.Of(state, features);
                SparseSelections[species] = selection;
            }

            return selection;
        }
    }
}
