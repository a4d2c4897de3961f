using PllmML.Transforms.SingleCell;

namespace PllmML.Pipeline.Configuration;

/// <summary>The <c>variableGenes</c> section.</summary>
public sealed class VariableGenesConfiguration
{
    /// <summary>Seurat v3 highly variable genes kept.</summary>
    public int TopGenes { get; set; } = SeuratV3VariableGenes.DefaultTopGenes;
}
