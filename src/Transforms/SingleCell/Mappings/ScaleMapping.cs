using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace PllmML.Transforms.SingleCell.Mappings;

/// <summary>Standardises and clips (<see cref="GeneScaling"/>). State: <c>[maxValue, means…, deviations…]</c>.</summary>
/// <remarks>Model format 1 (the state copied into every row); kept so format-1 models load. New fits use <see cref="CachedScaleMapping"/>.</remarks>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class ScaleMapping : CustomMappingFactory<ScaleMapping.Input, ScaleMapping.Output>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "PllmML.SingleCell.Scale.v1";

    /// <summary>The state column.</summary>
    public const string StateColumn = "PllmML.ScaleState";

    /// <summary>Encodes the scaling.</summary>
    /// <param name="scaling">The fitted scaling.</param>
    public static float[] State(GeneScaling scaling)
    {
        ArgumentNullException.ThrowIfNull(scaling);
        return [scaling.MaxValue, .. scaling.Means, .. scaling.StandardDeviations];
    }

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => static (input, output) =>
    {
        var state = input.State.GetValues();
        MappingErrors.RequireState(state, input.Species);
        var genes = (state.Length - 1) / 2;
        var values = input.VariableGenes.DenseValues().ToArray();
        var scaled = MappingErrors.Reuse(output.Scaled, genes);
        GeneScaling.Apply(values, scaled, state.Slice(1, genes), state.Slice(1 + genes, genes), state[0]);
        output.Scaled = scaled;
    };

    /// <summary>Input row.</summary>
    public sealed class Input
    {
        /// <summary>The species.</summary>
        public string Species { get; set; } = string.Empty;

        /// <summary>Variable genes.</summary>
        [VectorType]
        public VBuffer<float> VariableGenes { get; set; }

        /// <summary>State.</summary>
        [ColumnName(StateColumn)]
        [VectorType]
        public VBuffer<float> State { get; set; }
    }

    /// <summary>Output row.</summary>
    public sealed class Output
    {
        /// <summary>Scaled values.</summary>
        [VectorType]
        public float[] Scaled { get; set; } = [];
    }
}
