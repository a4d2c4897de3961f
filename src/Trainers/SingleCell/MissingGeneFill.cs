namespace PllmML.Trainers.SingleCell;

/// <summary>What a variable gene a query did not measure is filled with.</summary>
internal enum MissingGeneFill
{
    /// <summary>Its expected value given the measured genes (probabilistic PCA's posterior; the reference mean when nothing informs it).</summary>
    Conditional,

    /// <summary>The reference mean (Symphony): it moves no component.</summary>
    ReferenceMean,

    /// <summary>A count of zero (what formats 1 and 2 did).</summary>
    Zero,
}
