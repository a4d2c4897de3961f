using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace PllmML.Transforms.SingleCell.Mappings;

/// <summary>Library-size normalisation + log1p (<see cref="LogNormalization"/>). State: <c>[targetSum]</c>.</summary>
/// <remarks>Model format 1 (the state copied into every row); kept so format-1 models load. New fits use <see cref="CachedLogNormalizeMapping"/>.</remarks>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class LogNormalizeMapping : CustomMappingFactory<LogNormalizeMapping.Input, LogNormalizeMapping.Output>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "PllmML.SingleCell.LogNormalize.v1";

    /// <summary>The state column.</summary>
    public const string StateColumn = "PllmML.LogNormalizeState";

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => static (input, output) =>
    {
        var state = input.State.GetValues();
        MappingErrors.RequireState(state, input.Species);
        var counts = input.SharedCounts.DenseValues().ToArray();
        var normalized = MappingErrors.Reuse(output.Normalized, counts.Length);
        LogNormalization.Apply(counts, normalized, state[0]);
        output.Normalized = normalized;
    };

    /// <summary>Input row.</summary>
    public sealed class Input
    {
        /// <summary>The species.</summary>
        public string Species { get; set; } = string.Empty;

        /// <summary>Shared counts.</summary>
        [VectorType]
        public VBuffer<float> SharedCounts { get; set; }

        /// <summary>State.</summary>
        [ColumnName(StateColumn)]
        [VectorType]
        public VBuffer<float> State { get; set; }
    }

    /// <summary>Output row.</summary>
    public sealed class Output
    {
        /// <summary>Log-normalised values.</summary>
        [VectorType]
        public float[] Normalized { get; set; } = [];
    }
}
