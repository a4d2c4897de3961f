using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using PllmML.Kernels.LinearAlgebra;

namespace PllmML.Transforms.SingleCell.Mappings;

/// <summary>Projects onto the principal components. State: <c>[components, mean…, loadings… (components × genes)]</c>.</summary>
/// <remarks>Model format 1 (the state copied into every row); kept so format-1 models load. New fits use <see cref="CachedProjectMapping"/>.</remarks>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class ProjectMapping : CustomMappingFactory<ProjectMapping.Input, ProjectMapping.Output>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "PllmML.SingleCell.Project.v1";

    /// <summary>The state column.</summary>
    public const string StateColumn = "PllmML.ProjectState";

    /// <summary>Encodes the components.</summary>
    /// <param name="pca">The fitted components.</param>
    public static float[] State(PrincipalComponents pca)
    {
        ArgumentNullException.ThrowIfNull(pca);
        return [pca.ComponentCount, .. pca.Mean, .. pca.Components];
    }

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => static (input, output) =>
    {
        var state = input.State.GetValues();
        MappingErrors.RequireState(state, input.Species);
        var components = (int)state[0];
        var genes = (state.Length - 1) / (components + 1);
        var values = input.Scaled.DenseValues().ToArray();
        var scores = MappingErrors.Reuse(output.Pca, components);
        PrincipalComponents.Project(values, scores, state.Slice(1, genes), state.Slice(1 + genes, components * genes));
        output.Pca = scores;
    };

    /// <summary>Input row.</summary>
    public sealed class Input
    {
        /// <summary>The species.</summary>
        public string Species { get; set; } = string.Empty;

        /// <summary>Scaled values.</summary>
        [VectorType]
        public VBuffer<float> Scaled { get; set; }

        /// <summary>State.</summary>
        [ColumnName(StateColumn)]
        [VectorType]
        public VBuffer<float> State { get; set; }
    }

    /// <summary>Output row.</summary>
    public sealed class Output
    {
        /// <summary>Principal component scores.</summary>
        [VectorType]
        public float[] Pca { get; set; } = [];
    }
}
