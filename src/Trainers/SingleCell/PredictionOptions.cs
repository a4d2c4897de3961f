namespace PllmML.Trainers.SingleCell;

/// <summary>How <see cref="SingleCellModel.Predict(string, PllmML.Data.CellMatrix, PredictionOptions?)"/> treats a query; every setting defaults to the model's own.</summary>
public sealed class PredictionOptions
{
    /// <summary>The smallest share of the variable genes' loading mass a query must measure; null for the model's value.</summary>
    public double? MinimumGeneCoverage { get; set; }

    /// <summary>The coverage level of the prediction sets (e.g. 0.95); null for the level the model was calibrated at.</summary>
    public double? Coverage { get; set; }

    /// <summary>
    /// The most threads a batch runs on, each with its own engine over blocks of 1,024 cells (results are the same for
    /// any count); null for one per core, and below 1 as 1. Set 1 where the caller already runs batches in parallel.
    /// </summary>
    public int? MaxThreads { get; set; }

    /// <summary>Over-cluster the query in the integrated space and relabel each cluster by its majority (CellTypist's majority voting).</summary>
    public bool MajorityVoting { get; set; }

    /// <summary>
    /// Divide measured totals by the library share of the measured genes (the default). Off, a partial query's cells are
    /// normalised by what was measured alone; kept to measure what the correction is worth.
    /// </summary>
    internal bool CorrectLibrarySize { get; set; } = true;

    /// <summary>Divide mapping distances by the query's own median shift (the default); off, raw distances meet the training thresholds.</summary>
    internal bool StandardizeDistances { get; set; } = true;

    /// <summary>Reject cells whose expression misses their type's marker program (the default); off, the mapping distance alone.</summary>
    internal bool MarkerPrograms { get; set; } = true;

    /// <summary>What unmeasured variable genes are filled with; kept to measure the choices against each other.</summary>
    internal MissingGeneFill MissingGenes { get; set; } = MissingGeneFill.Conditional;
}
