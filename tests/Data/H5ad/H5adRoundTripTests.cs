using PllmML.Data.H5ad;

namespace PllmML.Data.Tests.H5ad;

public class H5adRoundTripTests
{
    [Fact]
    public void WriteThenRead_BundledHuman_GivesIdenticalData()
    {
        var original = H5adReader.Read(TestPaths.Bundled("pancreas", "human.h5ad"));
        var path = Path.Combine(TestPaths.NewTempFolder(), "human.h5ad");

        H5adWriter.Write(original, path);
        var copy = H5adReader.Read(path);

        Assert.Equal(original.X.RowPointers, copy.X.RowPointers);
        Assert.Equal(original.X.ColumnIndices, copy.X.ColumnIndices);
        Assert.Equal(original.X.Values, copy.X.Values);
        Assert.Equal(original.CellNames, copy.CellNames);
        Assert.Equal(original.GeneNames, copy.GeneNames);
        Assert.Equal(original.Obs.ColumnNames, copy.Obs.ColumnNames);
        foreach (var name in original.Obs.ColumnNames)
        {
            Assert.Equal(Format(original.Obs[name]), Format(copy.Obs[name]));
            Assert.Equal(original.Obs[name].GetType(), copy.Obs[name].GetType());
        }
    }

    [Fact]
    public void WriteSpooled_BundledHuman_ReadsBackAsTheInMemoryWrite()
    {
        var original = H5adReader.Read(TestPaths.Bundled("pancreas", "human.h5ad"));
        var folder = TestPaths.NewTempFolder();
        var path = Path.Combine(folder, "spooled.h5ad");

        using (var spool = Spool(original.X, folder))
        {
            Assert.Equal((long)original.X.StoredCount, spool.StoredCount);
            H5adWriter.Write(WithoutX(original), path, spool);
        }

        var copy = H5adReader.Read(path);
        Assert.Equal(original.X.RowPointers, copy.X.RowPointers);
        Assert.Equal(original.X.ColumnIndices, copy.X.ColumnIndices);
        Assert.Equal(original.X.Values, copy.X.Values);
        Assert.Equal(original.CellNames, copy.CellNames);
        Assert.Equal(original.GeneNames, copy.GeneNames);
        foreach (var name in original.Obs.ColumnNames)
        {
            Assert.Equal(Format(original.Obs[name]), Format(copy.Obs[name]));
        }

        Assert.Empty(Directory.GetFiles(folder, ".pllm-spool-*"));
    }

    [Fact]
    public void WriteSpooled_Int64RowPointers_ReadBackUnchanged()
    {
        // Above 2^31 stored values indptr must be int64 (what scipy and anndata write then); lowered here to a few values.
        var original = H5adReader.Read(TestPaths.Bundled("pancreas", "human.h5ad"));
        var folder = TestPaths.NewTempFolder();
        var path = Path.Combine(folder, "long.h5ad");

        using (var spool = Spool(original.X, folder))
        {
            H5adWriter.Write(WithoutX(original), path, spool, largestInt32Pointer: 10);
        }

        var copy = H5adReader.Read(path);
        Assert.Equal(original.X.RowPointers, copy.X.RowPointers);
        Assert.Equal(original.X.Values, copy.X.Values);
        using var file = PureHDF.H5File.OpenRead(path);
        Assert.Equal(8, ((PureHDF.IH5Dataset)file.Get("X/indptr")).Type.Size);
    }

    [Fact]
    public void WriteSpooledAndBacked_SeveralChunks_ReadBackUnchanged()
    {
        // 3,000 cells of 900 values: X spans three 2^20-value chunks, written one at a time (not held until the end).
        var random = new Random(3);
        var builder = new CsrBuilder(3_000, 2_000);
        for (var row = 0; row < 3_000; row++)
        {
            foreach (var column in Enumerable.Range(0, 2_000).Where(_ => random.NextDouble() < 0.45).Take(900))
            {
                builder.Add(column, 1 + random.Next(50));
            }

            builder.EndRow();
        }

        var x = builder.Build();
        var data = new CellMatrix(x, new AnnotationTable([.. Enumerable.Range(0, 3_000).Select(i => $"c{i}")]), new AnnotationTable([.. Enumerable.Range(0, 2_000).Select(i => $"g{i}")]));
        var folder = TestPaths.NewTempFolder();
        var spooled = Path.Combine(folder, "spooled.h5ad");
        var backed = Path.Combine(folder, "backed.h5ad");

        using (var spool = Spool(x, folder))
        {
            H5adWriter.Write(WithoutX(data), spooled, spool);
        }

        H5adWriter.Write(H5adReader.Read(spooled, new H5adReadOptions { BackedX = true }), backed);

        Assert.True(x.StoredCount > 2 * (1 << 20));
        foreach (var path in new[] { spooled, backed })
        {
            var copy = H5adReader.Read(path).X;
            Assert.Equal(x.RowPointers, copy.RowPointers);
            Assert.Equal(x.ColumnIndices[..x.StoredCount], copy.ColumnIndices);
            Assert.Equal(x.Values[..x.StoredCount], copy.Values);
        }
    }

    [Fact]
    public void WriteSpooled_NoStoredValues_ReadsBackEmpty()
    {
        var data = new CellMatrix(new CsrMatrix(2, 3, [0, 0, 0], [], []), new AnnotationTable(["c1", "c2"]), new AnnotationTable(["g1", "g2", "g3"]));
        var folder = TestPaths.NewTempFolder();
        var path = Path.Combine(folder, "empty.h5ad");

        using (var spool = Spool(data.X, folder))
        {
            H5adWriter.Write(WithoutX(data), path, spool);
        }

        var copy = H5adReader.Read(path).X;
        Assert.Equal((2, 3, 0), (copy.RowCount, copy.ColumnCount, copy.StoredCount));
    }

    [Fact]
    public void Spool_MoreRowsThanOneBufferAndBlock_ReadsBackInOrder()
    {
        // 70,000 rows of one to three values: the spool's 65,536-value buffer fills mid-row, and blocks of 1,000
        // values cut rows apart; what comes back is what went in.
        var folder = TestPaths.NewTempFolder();
        using var spool = new CsrRowSpool(5, folder);
        var expected = new List<(int Column, float Value)>();
        for (var row = 0; row < 70_000; row++)
        {
            for (var column = row % 3; column < 5; column += 2)
            {
                spool.Add(column, row + (column / 10f));
                expected.Add((column, row + (column / 10f)));
            }

            spool.EndRow();
        }

        var back = spool.ReadBlocks(1_000).SelectMany(block => block.Indices.Zip(block.Values).ToArray()).ToList();

        Assert.Equal(70_000, spool.RowCount);
        Assert.Equal(expected.Count, spool.StoredCount);
        Assert.Equal(expected.Count, spool.RowPointers[^1]);
        Assert.Equal(expected, back);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CsrRowSpool(5, folder).Add(5, 1f));
        Assert.Throws<InvalidOperationException>(() => spool.Add(0, 1f));
    }

    [Fact]
    public void Spool_WholeRows_EqualEntryByEntry_AndRefuseColumnsOutOfOrder()
    {
        // Rows of 0 to 40,000 values added whole cross the 65,536-value buffer; they come back as Add put them.
        var folder = TestPaths.NewTempFolder();
        using var byEntry = new CsrRowSpool(50_000, folder);
        using var byRow = new CsrRowSpool(50_000, folder);
        ICsrRowSink sink = byRow;
        var random = new Random(18);
        for (var row = 0; row < 12; row++)
        {
            var columns = Enumerable.Range(0, 50_000).Where(_ => random.NextDouble() < row / 15.0).ToArray();
            var values = columns.Select(column => (float)(row + column)).ToArray();
            for (var k = 0; k < columns.Length; k++)
            {
                byEntry.Add(columns[k], values[k]);
            }

            byEntry.EndRow();
            sink.AddRow(columns, values);
        }

        Assert.Equal(byEntry.RowPointers, byRow.RowPointers);
        Assert.Equal(
            byEntry.ReadBlocks(7_000).SelectMany(block => block.Indices.Zip(block.Values).ToArray()),
            byRow.ReadBlocks(9_000).SelectMany(block => block.Indices.Zip(block.Values).ToArray()));
        using var other = new CsrRowSpool(5, folder);
        Assert.Throws<ArgumentOutOfRangeException>(() => other.AddRow([1, 1], [1f, 2f]));
        Assert.Throws<ArgumentOutOfRangeException>(() => other.AddRow([4, 5], [1f, 2f]));
        Assert.Throws<ArgumentException>(() => other.AddRow([1, 2], [1f]));
        Assert.Equal(0, other.RowCount);
    }

    [Theory]
    [InlineData(65_536)]
    [InlineData(70_000)]
    public void Spool_KeepsEveryValueBitForBit_AndCountsInTwoBytes(int columnCount)
    {
        // Three buffers: whole counts 0 … 65,535 (two bytes a value), then one with a single 0.5, then one with −0, a NaN
        // payload, 65,536 and ∞ (four bytes): each value comes back with its bits, each column as it went in.
        var folder = TestPaths.NewTempFolder();
        using var spool = new CsrRowSpool(columnCount, folder);
        var odd = new[] { -0f, BitConverter.Int32BitsToSingle(0x7FC0_1234), 65_536f, float.PositiveInfinity, 65_535f };
        var values = Enumerable.Range(0, 3 * 65_536).Select(i => (float)(i % 65_536)).ToArray();
        values[65_536 + 777] = 0.5f;
        odd.CopyTo(values, (2 * 65_536) + 100);
        var columns = Enumerable.Range(0, values.Length).Select(i => (i * 7919) % columnCount).ToArray();
        var rows = 0;
        for (var start = 0; start < values.Length; start += 1_000, rows++)
        {
            var length = Math.Min(1_000, values.Length - start);
            var order = Enumerable.Range(start, length).OrderBy(i => columns[i]).DistinctBy(i => columns[i]).ToArray();
            ((ICsrRowSink)spool).AddRow(order.Select(i => columns[i]).ToArray(), order.Select(i => values[i]).ToArray());
        }

        var expected = new List<(int, int)>();
        for (var start = 0; start < values.Length; start += 1_000)
        {
            var length = Math.Min(1_000, values.Length - start);
            expected.AddRange(Enumerable.Range(start, length).OrderBy(i => columns[i]).DistinctBy(i => columns[i])
                .Select(i => (columns[i], BitConverter.SingleToInt32Bits(values[i]))));
        }

        var back = spool.ReadBlocks(50_000).SelectMany(block => block.Indices.Zip(block.Values, (c, v) => (c, BitConverter.SingleToInt32Bits(v))).ToArray()).ToList();

        Assert.Equal(rows, spool.RowCount);
        Assert.Equal(expected, back);
        var bytes = Directory.GetFiles(folder, ".pllm-spool-*").Sum(file => new FileInfo(file).Length);
        var stored = spool.StoredCount;
        var wholeCountBuffers = stored - (2 * 65_536);
        var indexBytes = columnCount <= 65_536 ? 2 : 4;
        Assert.Equal((indexBytes * stored) + (2 * wholeCountBuffers) + (4 * (stored - wholeCountBuffers)), bytes);
    }

    internal static CsrRowSpool Spool(CsrMatrix x, string folder)
    {
        var spool = new CsrRowSpool(x.ColumnCount, folder);
        for (var row = 0; row < x.RowCount; row++)
        {
            var columns = x.RowColumns(row);
            var values = x.RowValues(row);
            for (var k = 0; k < columns.Length; k++)
            {
                spool.Add(columns[k], values[k]);
            }

            spool.EndRow();
        }

        return spool;
    }

    internal static CellMatrix WithoutX(CellMatrix data)
    {
        var result = CellMatrix.WithoutX(data.Obs, data.Var, "test");
        foreach (var (key, value) in data.Obsm)
        {
            result.Obsm[key] = value;
        }

        foreach (var (key, value) in data.Uns)
        {
            result.Uns[key] = value;
        }

        foreach (var (key, value) in data.Layers)
        {
            result.Layers[key] = value;
        }

        result.Raw = data.Raw;
        return result;
    }

    [Fact]
    public void Write_BooleansEmbeddingsLayersRawAndUns_ReadBackUnchanged()
    {
        var data = SmallData();
        var path = Path.Combine(TestPaths.NewTempFolder(), "small.h5ad");

        H5adWriter.Write(data, path);
        var copy = H5adReader.Read(path);

        Assert.Equal(data.X.ToDense(), copy.X.ToDense());
        Assert.Equal([true, false, true], Assert.IsType<BooleanColumn>(copy.Obs["is_doublet"]).Values);
        var withMissing = Assert.IsType<CategoricalColumn>(copy.Obs["note"]);
        Assert.Equal([null, "b", "a"], Enumerable.Range(0, 3).Select(i => withMissing[i]));
        Assert.Equal(data.Obsm["X_pca"].Values, copy.Obsm["X_pca"].Values);
        Assert.Equal(data.Layers["counts"].ToDense(), copy.Layers["counts"].ToDense());
        Assert.Equal(["INS", "GCG", "EXTRA"], copy.Raw!.Var.Names);
        Assert.Equal("pancreas", copy.Uns["title"]);
        Assert.Equal(15L, Assert.IsType<Dictionary<string, object>>(copy.Uns["neighbors"])["n_neighbors"]);
        Assert.Equal(true, copy.Uns["flag"]);
    }

    internal static CellMatrix SmallData()
    {
        var x = CsrMatrix.FromDense(3, 2, [1f, 0f, 0f, 2.5f, 3f, 4f]);
        var obs = new AnnotationTable(["c1", "c2", "c3"]);
        obs.Set("is_doublet", new BooleanColumn([true, false, true]));
        obs.Set("note", new StringColumn([null, "b", "a"]));
        obs.Set("cell_type", CategoricalColumn.FromValues(["beta", "alpha", "beta"]));
        var var = new AnnotationTable(["INS", "GCG"]);
        var data = new CellMatrix(x, obs, var);
        data.Obsm["X_pca"] = new DenseMatrix(3, 2, [0.5f, -1f, 2f, 3f, -4f, 1e-7f]);
        data.Layers["counts"] = CsrMatrix.FromDense(3, 2, [1f, 0f, 0f, 2f, 3f, 4f]);
        data.Raw = new RawData(CsrMatrix.FromDense(3, 3, [1f, 0f, 9f, 0f, 2.5f, 9f, 3f, 4f, 9f]),
            new AnnotationTable(["INS", "GCG", "EXTRA"]));
        data.Uns["title"] = "pancreas";
        data.Uns["flag"] = true;
        data.Uns["neighbors"] = new Dictionary<string, object> { ["n_neighbors"] = 15L, ["method"] = "umap" };
        return data;
    }

    private static string[] Format(AnnotationColumn column) =>
        Enumerable.Range(0, column.Length).Select(column.FormatValue).ToArray();
}
