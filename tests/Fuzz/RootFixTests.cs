using System.IO.Compression;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.ML;
using PllmML.Data;
using PllmML.Data.Embeddings;
using PllmML.Data.H5ad;
using PllmML.Data.Orthologs;
using PllmML.Data.Proteins;
using PllmML.Data.Tensors;
using PllmML.Data.TenX;
using PllmML.Esm;
using PllmML.Esm.Embedding;
using PllmML.Fuzz.Tests.Targets;
using PllmML.Trainers.SingleCell;

namespace PllmML.Fuzz.Tests;

/// <summary>
/// One regression test per class of failure the hostile-input campaign of issue #12 found, each with a small
/// reproducer built here: every one must now be a typed error naming the file and the place.
/// </summary>
public sealed class RootFixTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("pllm-rootfix-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void TorchCheckpoint_WithAFlippedStorageByte_FailsItsCrc32()
    {
        var seed = File.ReadAllBytes(TestPaths.Bundled("esm2", "tiny", "model.pt"));
        var (name, offset) = StoredEntryData(seed, entry => entry.FullName.Contains("/data/", StringComparison.Ordinal));
        seed[offset + 3] ^= 0x10;
        var path = Write("flipped.pt", seed);

        var error = Assert.Throws<DataFormatException>(() => new TorchCheckpointTarget().Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal($"zip entry {name}", error.Location);
        Assert.Contains("CRC-32", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TorchPickle_WithA64BitStringLength_IsATypedError()
    {
        // PROTO 2, BINUNICODE8 with length 2^63 - 1, STOP: was an OverflowException.
        byte[] pickle = [0x80, 0x02, 0x8d, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, (byte)'.'];
        var path = Path.Combine(_folder.FullName, "overflow.pt");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var stream = zip.CreateEntry("archive/data.pkl", CompressionLevel.NoCompression).Open();
            stream.Write(pickle);
        }

        var error = Assert.Throws<DataFormatException>(() => TorchPickleFile.Open(path).Dispose());

        Assert.Equal(path, error.FilePath);
    }

    [Theory]
    [InlineData("[]", "header")]
    [InlineData("{\"__metadata__\":{\"format\":1}}", "header __metadata__ 'format'")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}", "tensor 'w'")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1,-4],\"data_offsets\":[0,16]}}", "tensor 'w'")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":\"4\",\"data_offsets\":[0,16]}}", "tensor 'w'")]
    public void SafetensorsHeader_OfTheWrongShape_IsATypedErrorNamingThePlace(string header, string location)
    {
        var path = WriteSafetensors(Encoding.UTF8.GetBytes(header));

        var error = Assert.Throws<DataFormatException>(() => SafetensorsFile.Open(path).Dispose());

        Assert.Equal(path, error.FilePath);
        Assert.Equal(location, error.Location);
    }

    [Fact]
    public void SafetensorsHeader_WithAnInvalidUtf8Name_IsATypedError()
    {
        byte[] header = [.. "{\""u8, 0xC3, 0x28, .. "\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}"u8];
        var path = WriteSafetensors(header);

        var error = Assert.Throws<DataFormatException>(() => SafetensorsFile.Open(path).Dispose());

        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public void NonFiniteWeights_AreRejectedNamingTheTensor_FiniteOnesPass()
    {
        var weights = StoredTensor.FromSingles([0.5f, float.NaN, 1f, 2f], 2, 2);

        var error = Assert.Throws<DataFormatException>(() => TensorChecks.RequireFinite(weights, "w.safetensors", "layers.0.fc1.weight"));

        Assert.Equal("tensor layers.0.fc1.weight", error.Location);
        Assert.Contains("flat index 1", error.Problem, StringComparison.Ordinal);
        TensorChecks.RequireFinite(StoredTensor.FromSingles([0.5f, -3e38f], 2), "w.safetensors", "ok");
        var wide = new StoredTensor(TensorElementType.F64, [1], BitConverter.GetBytes(1e300));
        TensorChecks.RequireFinite(wide, "w.safetensors", "wide");
    }

    [Fact]
    public void EmbeddingFile_WithANaN_IsRejectedNamingTheGene()
    {
        var path = Path.Combine(_folder.FullName, "nan.safetensors");
        EmbeddingFiles.Write(new EmbeddingTable(["GENE1", "GENE2"], new DenseMatrix(2, 2, [1f, 2f, 3f, float.NaN])), path);

        var error = Assert.Throws<DataFormatException>(() => EmbeddingFiles.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal("embedding 'GENE2'", error.Location);
    }

    [Fact]
    public void CacimarHeader_WithAOneLetterTypo_IsAnErrorNotAGenePairTable()
    {
        var path = Write("typo.tsv", Encoding.UTF8.GetBytes(
            "Type\ths_ID\ths_Symbol\tmm_ID\tmm_Symbl\nhs_mm_1T1\tENSG00000117054\tACADM\tENSMUSG00000062908\tAcadm\n"));

        var error = Assert.Throws<DataFormatException>(() => OrthologTableReader.Read(path));

        Assert.Equal("line 1", error.Location);
        Assert.Contains("CACIMAR", error.Problem, StringComparison.Ordinal);
        Assert.Contains("mm_Symbl", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void H5ad_WhoseSparseDataReadsAsAllZeros_IsRejected()
    {
        var obs = new AnnotationTable(["c1", "c2"]);
        var var = new AnnotationTable(["g1", "g2", "g3"]);
        var path = Path.Combine(_folder.FullName, "zeros.h5ad");
        H5adWriter.Write(new CellMatrix(new CsrMatrix(2, 3, [0, 2, 3], [0, 2, 1], [0f, 0f, 0f]), obs, var), path);

        var error = Assert.Throws<DataFormatException>(() => H5adReader.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal("/X/data", error.Location);
    }

    [Fact]
    public void H5ad_WithAGlobalHeapObjectClaiming2GiB_IsRefusedBeforeAnythingLargeIsAllocated()
    {
        // PureHDF allocates a heap object's declared size before reading it: a 2 GiB claim in a small file used to be
        // committed first (the fuzz report once allowed it as a typed error after a large allocation).
        var obs = new AnnotationTable(["c1", "c2"]);
        obs.Set("cell_type", new StringColumn(["alpha", "beta"]));
        var var = new AnnotationTable(["g1", "g2", "g3"]);
        var path = Path.Combine(_folder.FullName, "heap.h5ad");
        H5adWriter.Write(new CellMatrix(new CsrMatrix(2, 3, [0, 2, 3], [0, 2, 1], [1f, 2f, 3f]), obs, var), path);
        var bytes = File.ReadAllBytes(path);
        var collection = bytes.AsSpan().IndexOf("GCOL\u0001\0\0\0"u8);
        Assert.True(collection >= 0, "the writer wrote no global heap collection");
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(collection + 16 + 8), 0x7FFF_0000UL); // the first object's size
        File.WriteAllBytes(path, bytes);

        var error = ThrowsAllocatingLittle(() => H5adReader.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.StartsWith("global heap collection at byte", error.Location, StringComparison.Ordinal);
    }

    [Fact]
    public void H5ad_WithALinkNameLengthWidenedInAVersion2ObjectHeader_FailsTheHeadersChecksumBeforeAnythingLargeIsAllocated()
    {
        // PureHDF allocates a link message's declared name length before reading the name: widening the length field
        // from 1 to 8 bytes (flag bits 0-1) makes the name's bytes a length of petabytes, cut to 2 GiB by PureHDF's
        // int cast and committed first (allowed by the fuzz report until the header checksum was checked).
        var (path, bytes) = WriteSmallH5ad("link.h5ad");
        var (header, _, link) = FirstLinkMessage(bytes);
        bytes[link + 1] |= 0x03;
        File.WriteAllBytes(path, bytes);

        var error = ThrowsAllocatingLittle(() => H5adReader.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal($"object header at byte {header}", error.Location);
        Assert.Contains("checksum", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void H5ad_WithADamagedObjectHeaderChunkSize_IsRefusedNamingTheHeader()
    {
        var (path, bytes) = WriteSmallH5ad("chunk.h5ad");
        var (header, chunkSizeEnd, _) = FirstLinkMessage(bytes);
        bytes[chunkSizeEnd - 1] |= 0x40; // chunk 0's size: its top byte, far more than the file holds
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<DataFormatException>(() => H5adReader.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal($"object header at byte {header}", error.Location);
    }

    [Fact]
    public void CellRangerH5_WithAChunkLargerThanTheFileCanHold_IsRefusedBeforeAnythingLargeIsAllocated()
    {
        // A flipped bit in a chunk dimension (campaign of 2026-12-06, seed 20792, input 4451): the dataset's own size
        // still fit the file, but PureHDF allocated the 896 MiB chunk buffer before the decompression failed.
        var path = Write("chunk.h5", File.ReadAllBytes(Path.Combine(TestPaths.RepositoryRoot, "tests", "Fuzz", "Reproducers", "cellranger-h5", "seed20792-input4451.h5")));

        var error = ThrowsAllocatingLittle(() => TenXH5Reader.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("one chunk of the dataset claims", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CellRangerH5_WithALocalHeapClaiming2GiB_IsRefusedBeforeAnythingLargeIsAllocated()
    {
        // libhdf5 keeps a symbol-table group's link names in a local heap, whose data segment PureHDF allocates whole.
        var bytes = File.ReadAllBytes(Path.Combine(TestPaths.RepositoryRoot, "tests", "Data", "TenX", "Scanpy", "10x_data", "1.2.0", "filtered_gene_bc_matrices_h5.h5"));
        var heap = bytes.AsSpan().IndexOf("HEAP\0\0\0\0"u8);
        Assert.True(heap >= 0, "the file has no local heap");
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(heap + 8), 0x7FFF_0000UL); // data segment size
        var path = Write("heap.h5", bytes);

        var error = ThrowsAllocatingLittle(() => TenXH5Reader.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.StartsWith("local heap at byte", error.Location, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("datatype size")]
    [InlineData("dataspace dimension")]
    public void CellRangerH5_WithAVersion1AttributeClaimingMoreThanItsMessage_IsRefusedBeforeAnythingLargeIsAllocated(string damaged)
    {
        // libhdf5 writes version-1 object headers, with no checksum; PureHDF allocates an attribute's value (datatype
        // size x dataspace elements) while decoding the attribute message. A damaged datatype size in the root group's
        // 'version' attribute (campaign of 2026-12-06, seed 20793, input 174) made it allocate 560 MiB first.
        var bytes = File.ReadAllBytes(Path.Combine(TestPaths.RepositoryRoot, "tests", "Data", "TenX", "Scanpy", "visium_data", "1.0.0", "filtered_feature_bc_matrix.h5"));
        var name = Version1AttributeName(bytes, "version");
        var nameSize = BitConverter.ToUInt16(bytes, name - 6);
        var datatypeSize = BitConverter.ToUInt16(bytes, name - 4);
        var datatype = name + ((nameSize + 7) / 8 * 8);
        var dataspace = datatype + ((datatypeSize + 7) / 8 * 8);
        Assert.Equal(1, bytes[dataspace]); // a version-1 dataspace
        Assert.Equal(1, bytes[dataspace + 1]); // of rank 1
        if (damaged == "datatype size")
        {
            bytes[datatype + 4 + 3] = 0x23; // the 4-byte size's top byte: 587,202,564 bytes, as the fuzzed input had it
        }
        else
        {
            bytes[dataspace + 8 + 3] = 0x40; // the first dimension: a billion elements
        }

        var path = Write("attribute.h5", bytes);

        var error = ThrowsAllocatingLittle(() => TenXH5Reader.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.StartsWith("object header at byte", error.Location, StringComparison.Ordinal);
        Assert.Contains("attribute 'version'", error.Problem, StringComparison.Ordinal);
        Assert.Contains("its message holds only", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CellRangerH5_WithAChunkKeyClaimingMoreThanTheFileHolds_IsRefusedBeforeAnythingLargeIsAllocated()
    {
        // A chunked dataset's version-1 B-tree gives each chunk's stored size in the key on its left; PureHDF allocates
        // that size before it reads the chunk (campaign of 2026-12-06, seed 20793, inputs 1492 and 1839: 1866 and
        // 1028 MiB, found once the large-allocation allowance was gone).
        var bytes = File.ReadAllBytes(Path.Combine(TestPaths.RepositoryRoot, "tests", "Data", "TenX", "Scanpy", "10x_data", "1.2.0", "filtered_gene_bc_matrices_h5.h5"));
        var node = bytes.AsSpan().IndexOf("TREE\u0001\0"u8); // a chunk B-tree node (type 1) at level 0
        Assert.True(node >= 0, "the file has no chunk B-tree");
        bytes[node + 8 + 16 + 3] = 0x74; // the first key's chunk size (after signature, type, level, entries, 2 siblings)
        var path = Write("chunkkey.h5", bytes);

        var error = ThrowsAllocatingLittle(() => TenXH5Reader.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal($"chunk B-tree node at byte {node}", error.Location);
        Assert.Contains("damaged chunk size", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10x_data/1.2.0/filtered_gene_bc_matrices_h5.h5")]
    [InlineData("10x_data/1.2.0/multiple_genomes.h5")]
    [InlineData("10x_data/3.0.0/filtered_feature_bc_matrix.h5")]
    [InlineData("visium_data/1.0.0/filtered_feature_bc_matrix.h5")]
    [InlineData("visium_data/2.1.0/raw_probe_bc_matrix.h5")]
    public void CellRangerH5_WrittenByLibhdf5_PassesTheObjectHeaderWalk(string file)
    {
        // The walk of version-1 object headers must not refuse a valid file: every seed of the cellranger-h5 target.
        var path = Path.Combine([TestPaths.RepositoryRoot, "tests", "Data", "TenX", "Scanpy", .. file.Split('/')]);

        Assert.NotEmpty(TenXH5Reader.Genomes(path));
    }

    [Fact]
    public void ModelZip_WithAFlippedEntryByte_IsAModelFormatErrorNamingTheEntry()
    {
        var seed = File.ReadAllBytes(Path.Combine(TestPaths.RepositoryRoot, "tests", "Trainers", "SingleCell", "fixtures", "pancreas-format1-model.zip"));
        var (name, offset) = EntryData(seed, entry => entry.CompressedLength > 1000);
        seed[offset + 100] ^= 0x04;
        var path = Write("model.zip", seed);

        var error = Assert.Throws<ModelFormatException>(() => SingleCellModel.Load(new MLContext(0), path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal($"zip entry {name}", error.Location);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EmbeddingStore_ARowCutShort_IsATypedErrorNamingTheStore_NotAZeroPaddedEmbedding(bool dimensionToo)
    {
        // A stored vector of fewer floats than the model's width was copied into a zero-filled row without a word.
        using var model = EsmModel.Load(TestPaths.Bundled("esm2", "tiny", "model.pt"));
        List<ProteinRecord> proteins;
        using (var reader = new ProteinFastaReader(TestPaths.Bundled("esm2", "golden_inputs.fasta")))
        {
            proteins = [.. reader.ReadRecords().Take(2)];
        }

        var folder = Path.Combine(_folder.FullName, "store");
        using (var store = EmbeddingStore.Open(folder))
        {
            new ProteinEmbedder(model, store).Embed(proteins);
        }

        var file = Path.Combine(folder, EmbeddingStore.FileName);
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = dimensionToo
                ? "UPDATE embeddings SET vector = substr(vector, 1, 8), dimension = 2"
                : "UPDATE embeddings SET vector = substr(vector, 1, 8)";
            command.ExecuteNonQuery();
        }

        using var damaged = EmbeddingStore.Open(folder);
        var error = Assert.Throws<DataFormatException>(() => new ProteinEmbedder(model, damaged).ProteinTable(proteins));

        Assert.Equal(file, error.FilePath);
        Assert.Contains(dimensionToo ? "has 2 values" : "not the", error.Problem, StringComparison.Ordinal);
    }

    /// <summary>The typed error a read throws, asserting the read allocated no more than 64 MiB first.</summary>
    private static DataFormatException ThrowsAllocatingLittle(Action read)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DataFormatException>(read);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64L << 20);
        return error;
    }

    /// <summary>Where a version-1 attribute message's name starts: the null-terminated name, 8 bytes after the start of
    /// the message data (version 1, reserved, name size, datatype size, dataspace size).</summary>
    private static int Version1AttributeName(byte[] bytes, string name)
    {
        var text = Encoding.ASCII.GetBytes(name + "\0");
        for (var at = bytes.AsSpan().IndexOf(text); at >= 0;)
        {
            if (at >= 8 && bytes[at - 8] == 1 && BitConverter.ToUInt16(bytes, at - 6) == text.Length)
            {
                return at;
            }

            var next = bytes.AsSpan(at + 1).IndexOf(text);
            at = next < 0 ? -1 : at + 1 + next;
        }

        throw new InvalidOperationException($"no version-1 attribute message named {name}");
    }

    /// <summary>A two-cell h5ad written by <see cref="H5adWriter"/>, and its bytes.</summary>
    private (string Path, byte[] Bytes) WriteSmallH5ad(string name)
    {
        var path = Path.Combine(_folder.FullName, name);
        var cells = new CsrMatrix(2, 3, [0, 2, 3], [0, 2, 1], [1f, 2f, 3f]);
        H5adWriter.Write(new CellMatrix(cells, new AnnotationTable(["c1", "c2"]), new AnnotationTable(["g1", "g2", "g3"])), path);
        return (path, File.ReadAllBytes(path));
    }

    /// <summary>The first version-2 object header holding a link message (type 6): the header's offset, the end of its
    /// chunk-0 size field, and the link message's data offset.</summary>
    private static (int Header, int ChunkSizeEnd, int Link) FirstLinkMessage(byte[] bytes)
    {
        for (var header = bytes.AsSpan().IndexOf("OHDR"u8); header >= 0;)
        {
            var flags = bytes[header + 5];
            var sizeAt = header + 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
            var width = 1 << (flags & 0x03);
            var size = 0L;
            for (var i = width - 1; i >= 0; i--)
            {
                size = (size << 8) | bytes[sizeAt + i];
            }

            var messageHeader = (flags & 0x04) != 0 ? 6 : 4;
            for (var at = sizeAt + width; at + messageHeader <= sizeAt + width + size;)
            {
                var messageSize = bytes[at + 1] | (bytes[at + 2] << 8);
                if (bytes[at] == 6)
                {
                    return (header, sizeAt + width, at + messageHeader);
                }

                at += messageHeader + messageSize;
            }

            var next = bytes.AsSpan(header + 1).IndexOf("OHDR"u8);
            header = next < 0 ? -1 : header + 1 + next;
        }

        throw new InvalidOperationException("the writer wrote no link message in a version-2 object header");
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string WriteSafetensors(byte[] header)
    {
        var padded = header.Concat(Enumerable.Repeat((byte)' ', (8 - (header.Length % 8)) % 8)).ToArray();
        return Write("bad.safetensors", [.. BitConverter.GetBytes((ulong)padded.Length), .. padded, .. new byte[16]]);
    }

    /// <summary>A stored (uncompressed) entry's name and where its bytes start in the archive.</summary>
    private static (string Name, int Offset) StoredEntryData(byte[] zip, Func<ZipArchiveEntry, bool> pick) =>
        EntryData(zip, entry => entry.CompressedLength == entry.Length && entry.Length > 64 && pick(entry));

    /// <summary>An entry's name and where its compressed bytes start: after its local header (30 bytes, name, extra).</summary>
    private static (string Name, int Offset) EntryData(byte[] zip, Func<ZipArchiveEntry, bool> pick)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var entry = archive.Entries.First(pick);
        var name = Encoding.UTF8.GetBytes(entry.FullName);
        for (var at = 0; at + 30 + name.Length <= zip.Length; at++)
        {
            if (zip[at] == 0x50 && zip[at + 1] == 0x4B && zip[at + 2] == 3 && zip[at + 3] == 4
                && BitConverter.ToUInt16(zip, at + 26) == name.Length && zip.AsSpan(at + 30, name.Length).SequenceEqual(name))
            {
                return (entry.FullName, at + 30 + name.Length + BitConverter.ToUInt16(zip, at + 28));
            }
        }

        throw new InvalidOperationException("no local header for " + entry.FullName);
    }
}
