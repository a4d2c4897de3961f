namespace PllmML.Pipeline;

/// <summary>One stage of a run.</summary>
/// <param name="Stage">embed, map, fit, predict or evaluate.</param>
/// <param name="Elapsed">Time spent (checking the stamp only, when reused).</param>
/// <param name="Reused">Whether the outputs of an earlier run were kept.</param>
/// <param name="Figure">The stage's key figure, e.g. "155 of 177 pairs in the same refog family".</param>
public sealed record StageReport(string Stage, TimeSpan Elapsed, bool Reused, string Figure);
