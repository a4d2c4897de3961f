namespace PllmML.Trainers.SingleCell;

/// <summary>Predictions for a batch of cells.</summary>
/// <param name="Embedding">Cells × dimensions integrated embedding, row-major.</param>
/// <param name="Dimensions">Embedding dimensions.</param>
/// <param name="Labels">Predicted cell type of each cell.</param>
/// <param name="Probabilities">Cells × classes probabilities, row-major, classes in <paramref name="Classes"/> order.</param>
/// <param name="Classes">The cell types.</param>
/// <param name="GenesFound">Model genes found in the query.</param>
/// <param name="ModelGenes">Model genes of the species.</param>
public sealed record CellPredictions(float[] Embedding, int Dimensions, string[] Labels, float[] Probabilities, IReadOnlyList<string> Classes, int GenesFound, int ModelGenes)
{
    /// <summary>Number of cells.</summary>
    public int CellCount => Labels.Length;

    /// <summary>The call of a cell of no type the model knows.</summary>
    public const string Unknown = "unknown";

    /// <summary>The call status of a cell whose prediction set holds one type.</summary>
    public const string Assigned = "assigned";

    /// <summary>The call status of a cell whose prediction set holds several types (it keeps the most probable).</summary>
    public const string Ambiguous = "ambiguous";

    /// <summary>The call status of every cell of a model without calibration (formats 1 and 2): its most probable type.</summary>
    public const string Uncalibrated = "uncalibrated";

    /// <summary>What the query measured of the model's variable genes; null for a model of format 1 or 2.</summary>
    public GeneCoverage? GeneCoverage { get; init; }

    /// <summary>Each cell's call: its type, or <see cref="Unknown"/> (empty prediction set, or too far from its type).
    /// <see cref="Labels"/> keeps the most probable type of every cell.</summary>
    public string[] CellTypes { get; init; } = [];

    /// <summary>Each cell's conformal prediction set, most probable first (empty: no type fits).</summary>
    public string[][] PredictionSets { get; init; } = [];

    /// <summary>Each cell's second most probable type.</summary>
    public string[] RunnersUp { get; init; } = [];

    /// <summary>Each cell's probability of its most probable type.</summary>
    public float[] Confidence { get; init; } = [];

    /// <summary>Each cell's Mahalanobis distance to its most probable type in the integrated space, divided by the query's shift; empty when uncalibrated.</summary>
    public float[] MappingDistances { get; init; } = [];

    /// <summary>Each cell's status: <see cref="Assigned"/>, <see cref="Ambiguous"/>, <see cref="Unknown"/> or <see cref="Uncalibrated"/>.</summary>
    public string[] CallStatus { get; init; } = [];

    /// <summary>With majority voting: each cell's cluster call (<c>heterogeneous</c> for a cluster without a majority); else empty.</summary>
    public string[] MajorityVoting { get; init; } = [];

    /// <summary>With majority voting: each cell's over-cluster; else empty.</summary>
    public int[] OverClustering { get; init; } = [];

    /// <summary>The coverage level of the prediction sets; null when uncalibrated.</summary>
    public double? Coverage { get; init; }

    /// <summary>The query's distance shift: the median ratio of its cells' distances to their types' median calibration distance (at least 1).</summary>
    public double DistanceShift { get; init; } = 1;
}
