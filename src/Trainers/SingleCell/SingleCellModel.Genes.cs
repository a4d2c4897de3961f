namespace PllmML.Trainers.SingleCell;

/// <summary>What the fitted model reads of the shared genes.</summary>
public sealed partial class SingleCellModel
{
    /// <summary>
    /// How many Seurat v3 variable genes the PCA reads (the shared genes kept by the variable-gene stage); 0 for a model
    /// of formats 1–2, which does not record them.
    /// </summary>
    public int VariableGeneCount => Reference?.VariableFeatures.Length ?? 0;
}
