namespace PllmML.Evaluation;

/// <summary>The scib metrics of one embedding and the aggregates (undefined metrics are left out of the means).</summary>
/// <param name="Metrics">Every metric, in scib-metrics' order.</param>
public sealed record ScibReport(IReadOnlyList<MetricValue> Metrics)
{
    /// <summary>Mean of the defined bio-conservation metrics (null when none is defined).</summary>
    public double? BioConservation => Mean(MetricGroup.BioConservation);

    /// <summary>Mean of the defined batch-correction metrics (null when none is defined).</summary>
    public double? BatchCorrection => Mean(MetricGroup.BatchCorrection);

    /// <summary>0.4 · batch + 0.6 · bio, scib's weighting; null unless both are defined.</summary>
    public double? Total => BioConservation is { } bio && BatchCorrection is { } batch ? (0.4 * batch) + (0.6 * bio) : null;

    /// <summary>The metric with a scib name.</summary>
    /// <param name="name">The name.</param>
    public MetricValue this[string name] => Metrics.First(m => m.Name == name);

    private double? Mean(MetricGroup group)
    {
        var values = Metrics.Where(m => m.Group == group && m.Value is not null).Select(m => m.Value!.Value).ToArray();
        return values.Length == 0 ? null : values.Average();
    }
}
