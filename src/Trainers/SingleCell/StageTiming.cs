namespace PllmML.Trainers.SingleCell;

/// <summary>How long one fitting stage took.</summary>
/// <param name="Stage">The stage name.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Summary">A one-line summary of what it fitted.</param>
public sealed record StageTiming(string Stage, TimeSpan Elapsed, string Summary);
