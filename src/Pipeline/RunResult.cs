namespace PllmML.Pipeline;

/// <summary>What <see cref="PllmRun.Execute"/> did.</summary>
/// <param name="Output">The output folder's files.</param>
/// <param name="Stages">Every stage, in order.</param>
/// <param name="EmbeddedProteins">Whether the run embedded proteins (and wrote <c>pairs.csv</c> and <c>embeddings/</c>).</param>
/// <param name="RandomWeights">Whether the ESM-2 weights were random (see <see cref="PllmRun.RandomWeightsNote"/>).</param>
public sealed record RunResult(RunOutputLayout Output, IReadOnlyList<StageReport> Stages, bool EmbeddedProteins, bool RandomWeights);
