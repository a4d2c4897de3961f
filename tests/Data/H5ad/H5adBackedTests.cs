using PllmML.Data.H5ad;

namespace PllmML.Data.Tests.H5ad;

/// <summary>X left on disk (<see cref="H5adReadOptions.BackedX"/>): every block of rows is what the whole-matrix reader reads.</summary>
public class H5adBackedTests
{
    private static readonly string Peer = Path.Combine(AppContext.BaseDirectory, "H5ad", "anndata_peer.py");

    private static readonly H5adReadOptions BackedOptions = new() { BackedX = true };

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(1_000_000)]
    public void Blocks_BundledHuman_EqualTheMatrixReadWhole(int rowsPerBlock)
    {
        var path = TestPaths.Bundled("pancreas", "human.h5ad");
        var whole = H5adReader.Read(path).X;

        var backed = H5adReader.ReadWithReport(path, BackedOptions);
        var rows = backed.Data.Rows;

        Assert.True(backed.Report.XBacked);
        Assert.True(backed.Data.XIsBacked);
        Assert.Equal(whole.StoredCount, rows.StoredCount);
        BlockAssert.Same(whole, BlockAssert.Concatenate(rows.Blocks(rowsPerBlock), rows.ColumnCount));
        for (var row = 0; row <= whole.RowCount; row++)
        {
            Assert.Equal(whole.RowPointers[row], rows.StoredBefore(row));
        }
    }

    [Fact]
    public void SelectCells_Backed_EqualsTheSelectionInMemory()
    {
        var path = TestPaths.Bundled("pancreas", "human.h5ad");
        var whole = H5adReader.Read(path);
        var backed = H5adReader.Read(path, BackedOptions);
        var random = new Random(5);
        int[][] selections =
        [
            [.. Enumerable.Range(0, whole.CellCount).Where(cell => cell % 2 == 0)],          // dense: one read per block
            [.. Enumerable.Range(0, whole.CellCount).Where(cell => cell % 50 == 3)],         // sparse: a read per run
            [.. Enumerable.Range(0, whole.CellCount).OrderBy(_ => random.Next()).Take(40)],  // any order
            [],
        ];

        foreach (var cells in selections)
        {
            var expected = whole.SelectCells(cells);
            var actual = backed.SelectCells(cells);

            Assert.True(actual.XIsBacked);
            Assert.Equal(expected.CellNames, actual.CellNames);
            BlockAssert.Same(expected.X, BlockAssert.Concatenate(actual.Rows.Blocks(9), actual.GeneCount));
            Assert.Equal(expected.X.StoredCount, actual.Rows.StoredCount);
        }
    }

    [Fact]
    public void Write_Backed_WritesTheSameFileAsInMemory()
    {
        var path = TestPaths.Bundled("pancreas", "human.h5ad");
        var folder = TestPaths.NewTempFolder();
        var fromMemory = Path.Combine(folder, "memory.h5ad");
        var fromDisk = Path.Combine(folder, "backed.h5ad");

        H5adWriter.Write(H5adReader.Read(path), fromMemory);
        H5adWriter.Write(H5adReader.Read(path, BackedOptions), fromDisk);

        var expected = H5adReader.Read(fromMemory);
        var actual = H5adReader.Read(fromDisk);
        BlockAssert.Same(expected.X, actual.X);
        Assert.Equal(expected.CellNames, actual.CellNames);
        Assert.Equal(expected.Obs.ColumnNames, actual.Obs.ColumnNames);
    }

    [Fact]
    public void X_Backed_ReadsTheWholeMatrixOnce()
    {
        var path = TestPaths.Bundled("pancreas", "mouse.h5ad");
        var backed = H5adReader.Read(path, BackedOptions);

        var x = backed.X;

        BlockAssert.Same(H5adReader.Read(path).X, x);
        Assert.Same(x, backed.X);
    }

    [Fact]
    public void Read_DecreasingIndptr_ThrowsNamingIndptrBeforeAnyRowIsRead()
    {
        var path = H5adFixture.Write(TestPaths.NewTempFolder(), file =>
            file["X"] = H5adFixture.Csr(3, 2, [0, 2, 1, 3], [1, 0, 1], [5f, 2f, 7f]));

        var error = Assert.Throws<DataFormatException>(() => H5adReader.Read(path, BackedOptions));

        Assert.Equal("/X/indptr", error.Location);
        Assert.Contains("decreases at row 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRows_IndexOutOfRange_ThrowsNamingTheRows()
    {
        var path = H5adFixture.Write(TestPaths.NewTempFolder(), file =>
            file["X"] = H5adFixture.Csr(3, 2, [0, 1, 1, 3], [1, 0, 9], [5f, 2f, 7f]));
        var rows = H5adReader.Read(path, BackedOptions).Rows;

        var error = Assert.Throws<DataFormatException>(() => rows.ReadRows(1, 2));

        Assert.Equal("/X (rows 1–2)", error.Location);
        Assert.Contains("9", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, rows.ReadRows(0, 1).StoredCount);
    }

    [Fact]
    public void ReadRows_FileReplacedAfterOpening_ThrowsInsteadOfReadingOtherRows()
    {
        var folder = TestPaths.NewTempFolder();
        var path = H5adFixture.Write(folder, _ => { });
        var rows = H5adReader.Read(path, BackedOptions).Rows;
        File.Copy(H5adFixture.Write(folder, file => file["X"] = H5adFixture.Csr(3, 2, [0, 2, 2, 3], [0, 1, 1], [1f, 1f, 1f])), path, overwrite: true);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));

        var error = Assert.Throws<DataFormatException>(() => rows.ReadRows(0, 3));

        Assert.Contains("changed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CscX_IsReadWholeAsWithoutBacking()
    {
        var path = H5adFixture.Write(TestPaths.NewTempFolder(), file =>
        {
            var csc = H5adFixture.Csr(3, 2, [0, 1, 3], [1, 0, 2], [2f, 5f, 7f]);
            csc.Attributes["encoding-type"] = "csc_matrix";
            csc.Attributes["shape"] = new long[] { 3, 2 };
            file["X"] = csc;
        });

        var read = H5adReader.ReadWithReport(path, BackedOptions);

        Assert.False(read.Report.XBacked);
        Assert.False(read.Data.XIsBacked);
        BlockAssert.Same(H5adReader.Read(path).X, read.Data.X);
    }

    [AnndataFact]
    public void Blocks_UnsortedRepeatedInt64Gzip_EqualWhatTheWholeReaderAndAnndataRead()
    {
        var folder = TestPaths.NewTempFolder();
        var path = Path.Combine(folder, "messy.h5ad");
        var stored = long.Parse(PythonPeer.Run(Peer, "write-messy-csr", path).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var whole = H5adReader.Read(path).X;
        var backed = H5adReader.Read(path, BackedOptions);

        var blocks = BlockAssert.Concatenate(backed.Rows.Blocks(256), backed.GeneCount);

        Assert.Equal(stored, whole.StoredCount);
        BlockAssert.Same(whole, blocks);

        // The file stores more entries than its canonical rows (repeats are summed), so the writer counts the rows first.
        var written = Path.Combine(folder, "written.h5ad");
        H5adWriter.Write(backed, written);
        BlockAssert.Same(whole, H5adReader.Read(written).X);
        var (exitCode, output, error) = PythonPeer.TryRun(Peer, "compare", path, written);
        Assert.True(exitCode == 0 || output.Trim() == "differences: X dtype", output + error);
    }
}
