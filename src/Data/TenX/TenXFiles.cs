namespace PllmML.Data.TenX;

/// <summary>The files of one 10x folder, as found by <see cref="Locate"/>.</summary>
/// <param name="Folder">The folder.</param>
/// <param name="Matrix">The MatrixMarket file.</param>
/// <param name="Features">The features (or legacy genes) file.</param>
/// <param name="IsLegacy">Whether <paramref name="Features"/> is a Cell Ranger 2 <c>genes.tsv</c>.</param>
/// <param name="Barcodes">The barcodes file.</param>
/// <param name="CellTable">The optional <c>cells.tsv</c>, or <c>null</c>.</param>
internal sealed record TenXFiles(
    string Folder, string Matrix, string Features, bool IsLegacy, string Barcodes, string? CellTable)
{
    public const string MatrixName = "matrix.mtx";
    public const string FeaturesName = "features.tsv";
    public const string LegacyFeaturesName = "genes.tsv";
    public const string BarcodesName = "barcodes.tsv";
    public const string CellTableName = "cells.tsv";

    /// <summary>Finds the files; a compressed file is preferred to a plain one of the same name.</summary>
    /// <param name="folder">The folder.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="DataFormatException">A required file is missing; the message lists what the folder holds.</exception>
    public static TenXFiles Locate(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"10x folder not found: {folder}");
        }

        var matrix = Find(folder, MatrixName) ?? throw Missing(folder, MatrixName + "[.gz]");
        var features = Find(folder, FeaturesName);
        var legacy = features is null ? Find(folder, LegacyFeaturesName) : null;
        if (features is null && legacy is null)
        {
            throw Missing(folder, $"{FeaturesName}[.gz] (or the Cell Ranger 2 {LegacyFeaturesName}[.gz])");
        }

        var barcodes = Find(folder, BarcodesName) ?? throw Missing(folder, BarcodesName + "[.gz]");
        return new TenXFiles(folder, matrix, (features ?? legacy)!, legacy is not null, barcodes, Find(folder, CellTableName));
    }

    private static string? Find(string folder, string name)
    {
        var compressed = Path.Combine(folder, name + ".gz");
        if (File.Exists(compressed))
        {
            return compressed;
        }

        var plain = Path.Combine(folder, name);
        return File.Exists(plain) ? plain : null;
    }

    private static DataFormatException Missing(string folder, string what)
    {
        var entries = Directory.EnumerateFileSystemEntries(folder)
            .Select(e => Directory.Exists(e) ? Path.GetFileName(e) + "/" : Path.GetFileName(e))
            .Order(StringComparer.Ordinal)
            .ToList();
        var holds = entries.Count == 0 ? "nothing" : string.Join(", ", entries);
        return new DataFormatException(
            folder,
            string.Empty,
            $"no {what} in the folder; a 10x folder needs matrix.mtx[.gz], features.tsv[.gz] (or "
            + $"genes.tsv[.gz]) and barcodes.tsv[.gz]; the folder holds: {holds}");
    }
}
