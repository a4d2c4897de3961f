namespace PllmML.Evaluation;

/// <summary>Parameters of <see cref="Umap"/>, with umap-learn's defaults.</summary>
public sealed class UmapOptions
{
    /// <summary>Neighbours per cell, the cell excluded (umap-learn's n_neighbors = 15 counts the cell itself, so 14).</summary>
    public int NeighborCount { get; set; } = 14;

    /// <summary>Minimum distance between embedded points (0.1).</summary>
    public double MinDist { get; set; } = 0.1;

    /// <summary>Scale of embedded points (1).</summary>
    public double Spread { get; set; } = 1.0;

    /// <summary>Epochs; null: 500 for up to 10,000 cells, else 200 (umap-learn).</summary>
    public int? Epochs { get; set; }

    /// <summary>Negative samples per positive sample (5).</summary>
    public int NegativeSampleRate { get; set; } = 5;

    /// <summary>Initial learning rate (1).</summary>
    public double LearningRate { get; set; } = 1.0;

    /// <summary>Random seed (noise of the initialisation and negative sampling).</summary>
    public int Seed { get; set; } = 42;
}
