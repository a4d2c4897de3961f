using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace PllmML.Transforms.SingleCell.Mappings;

/// <summary>Keeps the highly variable genes. State: the selected feature positions.</summary>
/// <remarks>Model format 1 (the state copied into every row); kept so format-1 models load. New fits use <see cref="CachedSelectGenesMapping"/>.</remarks>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class SelectGenesMapping : CustomMappingFactory<SelectGenesMapping.Input, SelectGenesMapping.Output>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "PllmML.SingleCell.SelectGenes.v1";

    /// <summary>The state column.</summary>
    public const string StateColumn = "PllmML.SelectGenesState";

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => static (input, output) =>
    {
        var state = input.State.GetValues();
        MappingErrors.RequireState(state, input.Species);
        var values = input.Normalized.DenseValues().ToArray();
        var selected = MappingErrors.Reuse(output.VariableGenes, state.Length);
        for (var i = 0; i < state.Length; i++)
        {
            selected[i] = values[(int)state[i]];
        }

        output.VariableGenes = selected;
    };

    /// <summary>Input row.</summary>
    public sealed class Input
    {
        /// <summary>The species.</summary>
        public string Species { get; set; } = string.Empty;

        /// <summary>Log-normalised shared features.</summary>
        [VectorType]
        public VBuffer<float> Normalized { get; set; }

        /// <summary>State.</summary>
        [ColumnName(StateColumn)]
        [VectorType]
        public VBuffer<float> State { get; set; }
    }

    /// <summary>Output row.</summary>
    public sealed class Output
    {
        /// <summary>The selected genes' values.</summary>
        [VectorType]
        public float[] VariableGenes { get; set; } = [];
    }
}
