using PllmML.Data.H5ad;
using PllmML.Data.Hdf5;
using PureHDF;

namespace PllmML.Data.Tests.Hdf5;

/// <summary>
/// Datasets written by h5py with the filters its users meet (LZF, gzip, shuffle, Fletcher-32) read equal to the
/// unfiltered copy; damaged chunks fail with the file and the dataset named. The fixture is made by
/// make_filter_fixtures.py (Debian's h5py); one test regenerates it when h5py is present.
/// </summary>
public class HdfFilterTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Hdf5", "filters.h5");

    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Hdf5", "make_filter_fixtures.py");

    public static TheoryData<string, string> Variants()
    {
        var data = new TheoryData<string, string>();
        foreach (var group in new[] { "float32", "int64_mixed", "float64_2d", "int32_indices" })
        {
            foreach (var variant in new[] { "lzf", "lzf_shuffle", "lzf_shuffle_fletcher32", "gzip",
                "gzip_shuffle_fletcher32", "shuffle", "fletcher32", "chunked" })
            {
                data.Add(group, variant);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Read_FilteredDataset_EqualsThePlainCopy(string group, string variant)
    {
        AssertVariantsEqualPlain(Fixture, group, variant);
    }

    [Fact]
    public void Read_LzfStrings_EqualThePlainCopy()
    {
        using var file = H5File.OpenRead(Fixture);
        var h5 = new H5Element(Fixture);

        var lzf = h5.ReadStrings(file.Dataset("/strings/lzf"), "/strings/lzf");

        Assert.Equal(h5.ReadStrings(file.Dataset("/strings/plain"), "/strings/plain"), lzf);
        Assert.Equal("cell-00005-CCCCC", lzf[5]);
    }

    [Theory]
    [InlineData("int64_mixed", "lzf")]
    [InlineData("int64_mixed", "lzf_shuffle")]
    [InlineData("int64_mixed", "lzf_shuffle_fletcher32")]
    [InlineData("float64_2d", "lzf_shuffle")]
    public void Fixture_HasChunksStoredWithoutLzf(string group, string variant)
    {
        // h5py stores a chunk LZF cannot shrink as it is and sets its filter-mask bit: the case PureHDF's mask
        // test gets wrong (see FilterPipeline); these datasets must keep exercising it.
        using var file = H5File.OpenRead(Fixture);

        var masked = file.Dataset($"/{group}/{variant}").Attribute("masked_chunks").Read<long>();

        Assert.True(masked > 0, $"/{group}/{variant} has no chunk stored without LZF");
    }

    [Fact]
    public void FilterPipeline_ListsTheFiltersInWriteOrder()
    {
        using var file = H5File.OpenRead(Fixture);

        var stages = FilterPipeline.Of(file.Dataset("/float32/lzf_shuffle_fletcher32"));

        Assert.NotNull(stages);
        Assert.Equal(new ushort[] { 2, 32000, 3 }, stages.Select(s => s.Id));
        Assert.Equal(new uint[] { 4, 261, 2000 }, stages[1].Parameters);
        Assert.Empty(FilterPipeline.Of(file.Dataset("/float32/plain"))!);
    }

    [Fact]
    public void Read_CorruptLzfChunk_ThrowsNamingFileAndDataset()
    {
        var path = CopyWithDamage("/float32/lzf", chunk: 1, offsetInChunk: 0, [0xFF, 0xFF]);
        using var file = H5File.OpenRead(path);

        var error = Assert.Throws<DataFormatException>(
            () => new H5Element(path).ReadFloats(file.Dataset("/float32/lzf"), "/float32/lzf"));

        Assert.Equal(path, error.FilePath);
        Assert.Equal("/float32/lzf", error.Location);
        Assert.Contains("corrupt LZF data at byte 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedLzfRun_ThrowsNamingFileAndDataset()
    {
        // A literal-run control byte claiming more bytes than the chunk has left.
        var path = CopyWithDamage("/int32_indices/lzf", chunk: 3, offsetInChunk: 0, [31]);
        using var file = H5File.OpenRead(path);

        var error = Assert.Throws<DataFormatException>(
            () => new H5Element(path).ReadInts(file.Dataset("/int32_indices/lzf"), "/int32_indices/lzf"));

        Assert.Equal("/int32_indices/lzf", error.Location);
        Assert.Contains("LZF", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/float32/fletcher32")]
    [InlineData("/float32/lzf_shuffle_fletcher32")]
    [InlineData("/int64_mixed/lzf_shuffle_fletcher32")]
    [InlineData("/float32/gzip_shuffle_fletcher32")]
    public void Read_ChunkAlteredUnderFletcher32_FailsTheChecksum(string dataset)
    {
        // One flipped bit in the stored bytes; the checksum covers what is stored (after compression).
        var path = CopyWithDamage(dataset, chunk: 1, offsetInChunk: 7, null);
        using var file = H5File.OpenRead(path);

        var error = Assert.Throws<DataFormatException>(() => new H5Element(path).ReadDoubles(file.Dataset(dataset), dataset));

        Assert.Equal(dataset, error.Location);
        Assert.Contains("Fletcher-32 checksum", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownFilter_NamesItAndHowToRewrite()
    {
        var path = CopyWithFilterId(32001);
        using var file = H5File.OpenRead(path);

        var error = Assert.Throws<DataFormatException>(
            () => new H5Element(path).ReadFloats(file.Dataset("/float32/lzf"), "/float32/lzf"));

        Assert.Contains("(id 32001), which PllmML does not read", error.Problem, StringComparison.Ordinal);
        Assert.Contains("compression=\"gzip\"", error.Problem, StringComparison.Ordinal);
    }

    [AnndataFact]
    public void Read_FixtureRegeneratedByH5py_EveryVariantEqualsThePlainCopy()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "filters.h5");
        PythonPeer.Run(Script, path);

        foreach (var row in Variants())
        {
            AssertVariantsEqualPlain(path, (string)row[0], (string)row[1]);
        }
    }

    private static void AssertVariantsEqualPlain(string path, string group, string variant)
    {
        using var file = H5File.OpenRead(path);
        var h5 = new H5Element(path);
        var plain = h5.ReadDoubles(file.Dataset($"/{group}/plain"), $"/{group}/plain");

        var filtered = h5.ReadDoubles(file.Dataset($"/{group}/{variant}"), $"/{group}/{variant}");

        Assert.Equal(plain.Length, filtered.Length);
        Assert.Equal(plain, filtered);
    }

    /// <summary>A copy of the fixture with bytes of one stored chunk overwritten (or one bit flipped when null).</summary>
    private static string CopyWithDamage(string dataset, int chunk, int offsetInChunk, byte[]? bytes)
    {
        long offset;
        using (var file = H5File.OpenRead(Fixture))
        {
            offset = file.Dataset(dataset).Attribute("chunk_offsets").Read<long[]>()[chunk] + offsetInChunk;
        }

        var path = Path.Combine(TestPaths.NewTempFolder(), "damaged.h5");
        var content = File.ReadAllBytes(Fixture);
        if (bytes is null)
        {
            content[offset] ^= 0x10;
        }
        else
        {
            bytes.CopyTo(content, offset);
        }

        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>A copy of the fixture whose LZF pipeline messages name another filter id (blosc's 32001).</summary>
    private static string CopyWithFilterId(ushort id)
    {
        // A version-1 filter description: id (2 bytes, little-endian), name length, flags, value count (2 bytes
        // each), then the name: 00 7D .. .. .. .. .. .. 'l' 'z' 'f' for LZF's 32000 (0x7D00).
        var content = File.ReadAllBytes(Fixture);
        var changed = 0;
        for (var i = 8; i + 3 <= content.Length; i++)
        {
            if (content.AsSpan(i, 3).SequenceEqual("lzf"u8) && content[i - 8] == 0x00 && content[i - 7] == 0x7D)
            {
                BitConverter.GetBytes(id).CopyTo(content, i - 8);
                changed++;
            }
        }

        Assert.True(changed > 0, "no LZF filter description in the fixture");
        var path = Path.Combine(TestPaths.NewTempFolder(), "other-filter.h5");
        File.WriteAllBytes(path, content);
        return path;
    }
}
