using Microsoft.ML.Data;

namespace PllmML.Trainers.SingleCell;

/// <summary>
/// One cell as the saved model reads it: its species, its raw counts in that species' model gene order
/// (<see cref="SingleCellManifest.Species"/> lists the genes), and optional label and donor.
/// </summary>
public sealed class CellRow
{
    /// <summary>The species.</summary>
    public string Species { get; set; } = string.Empty;

    /// <summary>Raw counts in the species' model gene order (sparse or dense).</summary>
    [VectorType]
    public VBuffer<float> Counts { get; set; }

    /// <summary>The cell-type label; empty when unknown.</summary>
    public string Label { get; set; } = string.Empty;

    /// <summary>The donor; empty when unknown.</summary>
    public string Donor { get; set; } = string.Empty;
}
