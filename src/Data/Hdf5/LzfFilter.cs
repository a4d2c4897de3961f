using PureHDF.Filters;

namespace PllmML.Data.Hdf5;

/// <summary>
/// h5py's LZF filter (HDF5 filter id 32000) for PureHDF: decompresses a chunk with <see cref="Lzf"/>, and reads a
/// chunk that h5py stored uncompressed because LZF could not shrink it (see <see cref="FilterPipeline"/>).
/// </summary>
internal sealed class LzfFilter : IH5Filter
{
    /// <summary>h5py's registered filter id for LZF.</summary>
    public const ushort Id = 32000;

    private const ushort DeflateId = 1;
    private const ushort ShuffleId = 2;
    private const ushort Fletcher32Id = 3;

    /// <inheritdoc/>
    public ushort FilterId => Id;

    /// <inheritdoc/>
    public string Name => "lzf";

    /// <inheritdoc/>
    public Memory<byte> Filter(FilterInfo info)
    {
        if (!info.Flags.HasFlag(H5FilterFlags.Decompress))
        {
            throw new NotSupportedException("PllmML reads LZF-compressed data but does not write it.");
        }

        var pipeline = FilterPipeline.Current;
        var index = pipeline is null ? -1 : IndexOfLzf(pipeline);
        var expected = info.ChunkSize + (index < 0 ? 0 : 4 * pipeline!.Take(index).Count(s => s.Id == Fletcher32Id));
        var input = info.Buffer;
        var output = new byte[expected];
        if (input.Length != expected)
        {
            return Decompress(input.Span, output);
        }

        // As long as the chunk's uncompressed size: LZF output never grows past its input, so the chunk is stored
        // raw (its filter-mask bit set) unless it also decodes to exactly the expected size.
        if (TryDecompress(input.Span, output))
        {
            return output;
        }

        if (pipeline is null)
        {
            throw new InvalidDataException(
                "an LZF chunk stored uncompressed cannot be read without the dataset's filter pipeline");
        }

        // A copy: PureHDF reuses the buffer it passed in for the next chunk while caching what a filter returns.
        return index == 0 ? input.ToArray() : UndoSkipped(pipeline[index - 1], info, input);
    }

    /// <inheritdoc/>
    public uint[] GetParameters(uint[] chunkDimensions, uint typeSize, Dictionary<string, object>? options) =>
        throw new NotSupportedException("PllmML reads LZF-compressed data but does not write it.");

    private static int IndexOfLzf(IReadOnlyList<FilterStage> pipeline)
    {
        for (var i = 0; i < pipeline.Count; i++)
        {
            if (pipeline[i].Id == Id)
            {
                return i;
            }
        }

        return -1;
    }

    private static byte[] Decompress(ReadOnlySpan<byte> input, byte[] output)
    {
        var length = Lzf.Decompress(input, output);
        return length == output.Length
            ? output
            : throw new InvalidDataException(
                $"corrupt LZF data: the chunk expands to {length} bytes, but holds {output.Length}");
    }

    private static bool TryDecompress(ReadOnlySpan<byte> input, byte[] output)
    {
        try
        {
            return Lzf.Decompress(input, output) == output.Length;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Applies the filter that PureHDF skipped because it read the LZF chunk's mask bit as that filter's.</summary>
    private static Memory<byte> UndoSkipped(FilterStage skipped, FilterInfo info, Memory<byte> chunk)
    {
        IH5Filter filter = skipped.Id switch
        {
            ShuffleId => new ShuffleFilter(),
            DeflateId => new DeflateFilter(),
            Fletcher32Id => new Fletcher32Filter(),
            _ => throw new InvalidDataException(
                $"a chunk stored without LZF follows filter '{skipped.Name}' (id {skipped.Id}), which cannot be undone here"),
        };
        return filter.Filter(new FilterInfo(info.Flags, skipped.Parameters, info.ChunkSize, chunk));
    }
}
