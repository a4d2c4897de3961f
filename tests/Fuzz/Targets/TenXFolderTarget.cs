using System.IO.Compression;
using PllmML.Data;
using PllmML.Data.TenX;

namespace PllmML.Fuzz.Tests.Targets;

/// <summary>
/// 10x MEX folders read by <see cref="TenXReader"/>: one file of the folder (<c>matrix.mtx</c> or <c>features.tsv</c>)
/// is the fuzzed input, the others are the seed's, all uncompressed; the seed is 30 bundled human cells.
/// </summary>
/// <param name="mutatedFile">The file of the folder that is mutated (<see cref="MatrixFile"/> or
/// <see cref="FeaturesFile"/>).</param>
public sealed class TenXFolderTarget(string mutatedFile) : FuzzTarget
{
    /// <summary>The matrix file of a 10x folder.</summary>
    public const string MatrixFile = "matrix.mtx";

    /// <summary>The features file of a 10x folder.</summary>
    public const string FeaturesFile = "features.tsv";

    private const string BarcodesFile = "barcodes.tsv";

    private static readonly Lazy<Dictionary<string, byte[]>> SeedFolder = new(MakeSeedFolder);

    /// <inheritdoc />
    public override string Name => mutatedFile == MatrixFile ? "tenx-matrix" : "tenx-features";

    /// <inheritdoc />
    public override string Extension => mutatedFile == MatrixFile ? ".mtx" : ".tsv";

    /// <inheritdoc />
    public override bool IsText => true;

    /// <inheritdoc />
    public override IReadOnlyList<byte[]> Seeds() => [SeedFolder.Value[mutatedFile]];

    /// <inheritdoc />
    public override string Read(string path)
    {
        var folder = FolderOf(path);
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var (name, bytes) in SeedFolder.Value)
            {
                File.WriteAllBytes(Path.Combine(folder, name), name == mutatedFile ? File.ReadAllBytes(path) : bytes);
            }

            return H5adTarget.DigestCells(TenXReader.Read(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <inheritdoc />
    /// <remarks>The reader names the folder's copy of the input, which is what a user would see.</remarks>
    public override bool IsTyped(Exception exception, string path)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var named = exception.Message.Contains(FolderOf(path), StringComparison.Ordinal);
        return named && exception is DataFormatException or IOException;
    }

    private static string FolderOf(string path) => path + ".folder";

    private static Dictionary<string, byte[]> MakeSeedFolder()
    {
        var cells = DataFiles.ReadCells(TestPaths.Bundled("pancreas", "human.h5ad")).Data.SelectCells([.. Enumerable.Range(0, 30)]);
        var folder = TestPaths.NewTempFolder();
        TenXWriter.Write(cells, folder);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in new[] { MatrixFile, FeaturesFile, BarcodesFile })
        {
            files[name] = Gunzip(Path.Combine(folder, name + ".gz"));
        }

        return files;
    }

    private static byte[] Gunzip(string path)
    {
        using var input = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
