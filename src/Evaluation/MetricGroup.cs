namespace PllmML.Evaluation;

/// <summary>Which scib aggregate a metric belongs to.</summary>
public enum MetricGroup
{
    /// <summary>Biological conservation (cell types kept apart).</summary>
    BioConservation,

    /// <summary>Batch correction (species mixed).</summary>
    BatchCorrection,

    /// <summary>Reported beside the aggregates but not part of them.</summary>
    Extra,
}
