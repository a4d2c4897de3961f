namespace PllmML.Kernels.Statistics;

/// <summary>How per-group p-values become one (the <c>meta.method</c> of Seurat's FindConservedMarkers, from metap).</summary>
public enum PValueCombination
{
    /// <summary>Tippett / metap::minimump: 1 − (1 − min p)ᵏ (Seurat's default).</summary>
    MinimumP,

    /// <summary>Fisher / metap::sumlog: −2 Σ ln p against χ² with 2k degrees of freedom.</summary>
    Fisher,

    /// <summary>metap::maximump: (max p)ᵏ.</summary>
    MaximumP,
}
