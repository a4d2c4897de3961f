namespace PllmML.Data.Tests;

/// <summary>Blocks of rows read from disk, put back together and compared with a matrix read whole.</summary>
internal static class BlockAssert
{
    /// <summary>The blocks' rows, in order, as one matrix.</summary>
    public static CsrMatrix Concatenate(IEnumerable<CsrMatrix> blocks, int columns)
    {
        var (pointers, indices, values) = (new List<int> { 0 }, new List<int>(), new List<float>());
        foreach (var block in blocks)
        {
            for (var row = 0; row < block.RowCount; row++)
            {
                indices.AddRange(block.RowColumns(row).ToArray());
                values.AddRange(block.RowValues(row).ToArray());
                pointers.Add(indices.Count);
            }
        }

        return new CsrMatrix(pointers.Count - 1, columns, [.. pointers], [.. indices], [.. values]);
    }

    /// <summary>The same shape, row pointers, column indices and values.</summary>
    public static void Same(CsrMatrix expected, CsrMatrix actual)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.ColumnCount, actual.ColumnCount);
        Assert.Equal(expected.RowPointers, actual.RowPointers);
        Assert.Equal(expected.ColumnIndices[..expected.StoredCount], actual.ColumnIndices[..actual.StoredCount]);
        Assert.Equal(expected.Values[..expected.StoredCount], actual.Values[..actual.StoredCount]);
    }
}
