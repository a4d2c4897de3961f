using PllmML.Trainers.Integration;

namespace PllmML.Pipeline.Configuration;

/// <summary>The <c>harmony</c> section; defaults come from <see cref="HarmonyOptions"/>.</summary>
public sealed class HarmonyConfiguration
{
    private static readonly HarmonyOptions Defaults = new();

    /// <summary>Diversity penalty.</summary>
    public double Theta { get; set; } = Defaults.Theta;

    /// <summary>Soft k-means width.</summary>
    public double Sigma { get; set; } = Defaults.Sigma;

    /// <summary>Ridge penalty of the correction.</summary>
    public double Lambda { get; set; } = Defaults.Lambda;

    /// <summary>Clusters (null: Harmony's default).</summary>
    public int? Clusters { get; set; } = Defaults.Clusters;

    /// <summary>Harmony rounds at most.</summary>
    public int MaxRounds { get; set; } = Defaults.MaxRounds;

    /// <summary>Clustering iterations per round at most.</summary>
    public int MaxClusterIterations { get; set; } = Defaults.MaxClusterIterations;

    /// <summary>Fraction of cells updated per block.</summary>
    public double BlockSize { get; set; } = Defaults.BlockSize;

    /// <summary>Convergence of the clustering.</summary>
    public double EpsilonCluster { get; set; } = Defaults.EpsilonCluster;

    /// <summary>Convergence of Harmony.</summary>
    public double EpsilonHarmony { get; set; } = Defaults.EpsilonHarmony;

    /// <summary>Whether the donor is a second covariate.</summary>
    public bool DonorCovariate { get; set; }
}
