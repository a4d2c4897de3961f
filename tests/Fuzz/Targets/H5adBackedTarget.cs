using PllmML.Data;
using PllmML.Data.H5ad;

namespace PllmML.Fuzz.Tests.Targets;

/// <summary>
/// The same <c>.h5ad</c> files read with X left on disk (<see cref="H5adReadOptions.BackedX"/>) and read back in blocks
/// of 7 cells, so the row pointers' check and every block's hyperslab reads and checks meet the damage.
/// </summary>
public sealed class H5adBackedTarget : FuzzTarget
{
    private static readonly H5adTarget Whole = new();

    /// <inheritdoc />
    public override string Name => "h5ad-backed";

    /// <inheritdoc />
    public override string Extension => ".h5ad";

    /// <inheritdoc />
    public override int DefaultInputs => 300;

    /// <inheritdoc />
    public override TimeSpan Timeout => Whole.Timeout;

    /// <inheritdoc />
    public override IReadOnlyList<byte[]> Seeds() => Whole.Seeds();

    /// <inheritdoc />
    public override string Read(string path)
    {
        var data = H5adReader.Read(path, new H5adReadOptions { BackedX = true });
        var digest = new FuzzDigest().Add(data.CellNames).Add(data.GeneNames);
        foreach (var block in data.Rows.Blocks(7))
        {
            digest.Add(block.RowPointers).Add(block.ColumnIndices.AsSpan(0, block.StoredCount)).Add(block.Values.AsSpan(0, block.StoredCount));
        }

        return digest.ToString();
    }
}
