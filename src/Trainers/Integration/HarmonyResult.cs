namespace PllmML.Trainers.Integration;

/// <summary>What a Harmony run produced.</summary>
/// <param name="Corrected">Cells × d corrected embedding (Harmony's Z_corr).</param>
/// <param name="Assignments">Cells × clusters final soft assignments R.</param>
/// <param name="Model">The model that maps new cells.</param>
/// <param name="Objectives">The objective after initialisation and after each round.</param>
/// <param name="ClusterIterations">Clustering iterations used in each round.</param>
public sealed record HarmonyResult(double[] Corrected, double[] Assignments, HarmonyModel Model, IReadOnlyList<double> Objectives, IReadOnlyList<int> ClusterIterations)
{
    /// <summary>Rounds run.</summary>
    public int Rounds => ClusterIterations.Count;
}
