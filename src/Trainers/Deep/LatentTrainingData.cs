using PllmML.Data;

namespace PllmML.Trainers.Deep;

/// <summary>What a deep integration network trains on.</summary>
/// <param name="Counts">Raw counts, cells × the genes the encoder reads (the shared space's variable genes).</param>
/// <param name="Species">Each cell's species, an index into <paramref name="SpeciesNames"/> (the batch covariate).</param>
/// <param name="SpeciesNames">The species, ordinal order.</param>
/// <param name="Labels">Each cell's cell type, an index into <paramref name="LabelNames"/>, or −1 when unlabelled.</param>
/// <param name="LabelNames">The cell types a classifier predicts, ordinal order (the model's label order).</param>
public sealed record LatentTrainingData(CsrMatrix Counts, int[] Species, string[] SpeciesNames, int[] Labels, string[] LabelNames);
