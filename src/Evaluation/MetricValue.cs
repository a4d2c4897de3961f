namespace PllmML.Evaluation;

/// <summary>One metric: its scib name, group, value (null when undefined for this input, with the reason) and time.</summary>
/// <param name="Name">The scib-metrics name, e.g. <c>Silhouette label</c>.</param>
/// <param name="Group">The aggregate it counts in.</param>
/// <param name="Value">The value, or null when the metric is undefined here.</param>
/// <param name="Note">Why the value is missing, or how it was computed.</param>
/// <param name="Seconds">Wall time spent on it.</param>
public sealed record MetricValue(string Name, MetricGroup Group, double? Value, string? Note, double Seconds);
