using PllmML.Data;

namespace PllmML.Trainers.SingleCell;

/// <summary>One species' cells for fitting or prediction.</summary>
/// <param name="Species">The species name (as the homology table and model know it).</param>
/// <param name="Cells">Raw counts with gene names.</param>
/// <param name="LabelKey">The obs column with cell-type labels, if any.</param>
/// <param name="DonorKey">The obs column with donors, if any.</param>
/// <param name="Source">Where the cells came from (for messages).</param>
public sealed record SpeciesData(string Species, CellMatrix Cells, string? LabelKey = null, string? DonorKey = null, string? Source = null);
