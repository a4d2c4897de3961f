using PllmML.Data.TenX;

namespace PllmML.Fuzz.Tests.Targets;

/// <summary>
/// The same Cell Ranger <c>.h5</c> files read with the counts left on disk (<see cref="TenXReadOptions.BackedX"/>) and
/// read back in blocks of at least 7 cells and at most 16 blocks per genome, each genome of a multi-genome file on its
/// own, so the row pointers' check and every block's hyperslab reads and count checks meet the damage. (Scanpy's real
/// files are chunked and compressed: each block read decompresses the chunks it touches, so thousands of 7-cell blocks
/// of the raw Visium matrix would allocate past the fuzz cap with no damaged size field; the product reads 1,024 cells
/// a block.)
/// </summary>
public sealed class CellRangerH5BackedTarget : FuzzTarget
{
    private static readonly CellRangerH5Target Whole = new();

    /// <inheritdoc />
    public override string Name => "cellranger-h5-backed";

    /// <inheritdoc />
    public override string Extension => Whole.Extension;

    /// <inheritdoc />
    public override TimeSpan Timeout => Whole.Timeout;

    /// <inheritdoc />
    public override IReadOnlyList<byte[]> Seeds() => Whole.Seeds();

    /// <inheritdoc />
    public override string Read(string path)
    {
        var digest = new FuzzDigest();
        var genomes = TenXH5Reader.Genomes(path);
        foreach (var genome in genomes.Count <= 1 ? [null] : genomes.Select(g => (string?)g.Name))
        {
            var data = TenXH5Reader.Read(path, new TenXReadOptions { Genome = genome, BackedX = true });
            digest.Add(genome ?? string.Empty).Add(data.CellNames).Add(data.GeneNames);
            foreach (var block in data.Rows.Blocks(Math.Max(7, (data.Rows.RowCount + 15) / 16)))
            {
                digest.Add(block.RowPointers).Add(block.ColumnIndices.AsSpan(0, block.StoredCount)).Add(block.Values.AsSpan(0, block.StoredCount));
            }
        }

        return digest.ToString();
    }
}
