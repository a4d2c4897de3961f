namespace PllmML.Trainers.SingleCell;

/// <summary>
/// What decides, for a model of format 3, that a cell is of no type the model knows: per cell type the out-of-fold
/// nonconformity scores of its training cells (Mondrian split-conformal prediction sets at any coverage level), and
/// per type the centre, the Ledoit–Wolf-shrunk precision matrix and the training cells' own distances in the integrated
/// space (the distance-to-reference check).
/// </summary>
internal sealed record ConformalCalibration
{
    /// <summary>The coverage level the model was fitted with (the default of predictions).</summary>
    public double Coverage { get; init; }

    /// <summary>Folds of the out-of-fold calibration.</summary>
    public int Folds { get; init; }

    /// <summary>Per type (manifest label order), the sorted scores 1 − p̂(type) of its training cells, each from a classifier that did not see it.</summary>
    public IReadOnlyList<float[]> Scores { get; init; } = [];

    /// <summary>Per type, the mean of its training cells in the integrated space.</summary>
    public IReadOnlyList<float[]> Centroids { get; init; } = [];

    /// <summary>
    /// Per type, the shrunk covariance's inverse, dimensions × dimensions, row-major: since marker programs, the one
    /// within-type covariance pooled over the types (earlier models kept one per type; both are read as they are).
    /// </summary>
    public IReadOnlyList<float[]> Precisions { get; init; } = [];

    /// <summary>Per type, the sorted Mahalanobis distances of its training cells to its centre.</summary>
    public IReadOnlyList<float[]> Distances { get; init; } = [];

    /// <summary>
    /// Per type, its marker program: shared features most raised in its training cells over the others' (empty for a
    /// model calibrated before marker programs; the check is then skipped).
    /// </summary>
    public IReadOnlyList<int[]> Markers { get; init; } = [];

    /// <summary>Per type, the sorted out-of-fold scores of its training cells on its program (mean log-normalised value).</summary>
    public IReadOnlyList<float[]> MarkerScores { get; init; } = [];

    /// <summary>Whether the model has marker programs.</summary>
    public bool HasMarkers => Markers.Count > 0;

    /// <summary>What is wrong with the calibration for a model of this shape, or null.</summary>
    /// <param name="labels">The model's cell types.</param>
    /// <param name="dimensions">The integrated space's dimensions.</param>
    /// <param name="features">The shared features.</param>
    public string? Problem(int labels, int dimensions, int features) =>
        Coverage is not (> 0 and < 1) ? "a calibrated coverage outside (0, 1)"
        : Scores.Count != labels || Centroids.Count != labels || Precisions.Count != labels || Distances.Count != labels ? "calibration lists of another length than the labels"
        : Centroids.Any(centre => centre.Length != dimensions) || Precisions.Any(precision => precision.Length != dimensions * dimensions) ? "calibration matrices of another size than the embedding"
        : Scores.Concat(Distances).Concat(Centroids).Concat(Precisions).Any(values => Array.Exists(values, value => !float.IsFinite(value))) ? "calibration values that are not finite"
        : HasMarkers && (Markers.Count != labels || MarkerScores.Count != labels) ? "marker programs of another length than the labels"
        : HasMarkers && Markers.Any(program => Array.Exists(program, feature => feature < 0 || feature >= features)) ? "marker features outside the shared features"
        : MarkerScores.Any(values => Array.Exists(values, value => !float.IsFinite(value))) ? "marker scores that are not finite"
        : null;
}
