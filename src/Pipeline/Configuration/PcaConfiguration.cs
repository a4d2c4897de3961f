using PllmML.Kernels.LinearAlgebra;

namespace PllmML.Pipeline.Configuration;

/// <summary>The <c>pca</c> section.</summary>
public sealed class PcaConfiguration
{
    /// <summary>Principal components.</summary>
    public int Components { get; set; } = PrincipalComponents.DefaultComponents;
}
