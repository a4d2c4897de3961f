namespace PllmML.Data.TenX;

/// <summary>One genome (reference) of a Cell Ranger <c>.h5</c> file, as listed by <see cref="TenXH5Reader.Genomes"/>.</summary>
/// <param name="Name">The genome's name, e.g. <c>GRCh38</c> or <c>mm10</c>: what <see cref="TenXReadOptions.Genome"/> takes.</param>
/// <param name="FeatureCount">Its number of features (genes).</param>
/// <param name="BarcodeCount">The number of barcodes (cells) stored with it.</param>
/// <param name="StoredCount">The number of non-zero counts stored for its features.</param>
public sealed record TenXGenome(string Name, int FeatureCount, int BarcodeCount, long StoredCount);
