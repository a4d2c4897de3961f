namespace PllmML.Pipeline.Configuration;

/// <summary>
/// The <c>integration</c> section: which method builds the joint space — <c>harmony</c> (the default: PCA + Harmony +
/// the L-BFGS classifier, the <c>harmony</c> section's parameters), <c>scvi</c> (a scVI network trained with TorchSharp on
/// the variable genes' raw counts, served managed; the L-BFGS classifier on its latent) or <c>scanvi</c> (scVI
/// pretraining, then scANVI with the training species' labels; its own classifier gives the cell types).
/// </summary>
public sealed class IntegrationConfiguration
{
    /// <summary>The methods.</summary>
    public static readonly string[] Methods = ["harmony", "scvi", "scanvi"];

    /// <summary><c>harmony</c> (default), <c>scvi</c> or <c>scanvi</c>.</summary>
    public string Method { get; set; } = "harmony";

    /// <summary>The network and scVI-phase parameters (scvi and scanvi).</summary>
    public ScviConfiguration Scvi { get; set; } = new();

    /// <summary>The scANVI-phase parameters (scanvi).</summary>
    public ScanviConfiguration Scanvi { get; set; } = new();
}
