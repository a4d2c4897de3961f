namespace PllmML.Trainers.Integration;

/// <summary>
/// Harmony's parameters, defaulting to the published ones (harmony 1.2.x <c>harmony_options()</c> / harmonypy):
/// θ = 2 per covariate, σ = 0.1, clusters = min(round(N/30), 100), 10 Harmony rounds, 20 clustering iterations,
/// block size 0.05, ridge λ = 1, ε cluster 1e-3, ε Harmony 1e-2.
/// </summary>
public sealed class HarmonyOptions
{
    /// <summary>Diversity penalty per covariate (one value for all covariates).</summary>
    public double Theta { get; set; } = 2;

    /// <summary>Soft-clustering bandwidth.</summary>
    public double Sigma { get; set; } = 0.1;

    /// <summary>Ridge penalty of the correction.</summary>
    public double Lambda { get; set; } = 1;

    /// <summary>Number of clusters; null for min(round(N/30), 100).</summary>
    public int? Clusters { get; set; }

    /// <summary>Maximum Harmony rounds (clustering + correction).</summary>
    public int MaxRounds { get; set; } = 10;

    /// <summary>Maximum clustering iterations per round.</summary>
    public int MaxClusterIterations { get; set; } = 20;

    /// <summary>Fraction of cells updated together in one block of the assignment update.</summary>
    public double BlockSize { get; set; } = 0.05;

    /// <summary>Relative objective change that ends clustering (over a window of 3 iterations).</summary>
    public double EpsilonCluster { get; set; } = 1e-3;

    /// <summary>Relative objective change that ends the Harmony rounds.</summary>
    public double EpsilonHarmony { get; set; } = 1e-2;

    /// <summary>Maximum Lloyd iterations of the k-means initialisation (sklearn's 25 in harmonypy).</summary>
    public int MaxKMeansIterations { get; set; } = 25;

    /// <summary>Fixed-point passes used to map new cells (see <see cref="HarmonyModel.Map"/>).</summary>
    public int MappingPasses { get; set; } = 3;

    /// <summary>
    /// When set, the distance and centroid-sum loops run on this ILGPU accelerator (CUDA, or ILGPU's CPU
    /// accelerator); the caller owns and disposes it. Null: the CPU kernels.
    /// </summary>
    public PllmML.Kernels.Integration.HarmonyAccelerator? Accelerator { get; set; }

    /// <summary>Seed of the k-means++ initialisation and block order.</summary>
    public int Seed { get; set; }

    /// <summary>A copy (the accelerator, owned by the caller, is shared).</summary>
    internal HarmonyOptions Copy() => (HarmonyOptions)MemberwiseClone();

    /// <summary>The number of clusters for N cells.</summary>
    /// <param name="cells">N.</param>
    public int ClustersFor(int cells) => Clusters ?? Math.Max(1, Math.Min((int)Math.Round(cells / 30.0, MidpointRounding.ToEven), 100));
}
