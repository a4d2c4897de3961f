using System.Text;
using PllmML.Data.Hdf5;

namespace PllmML.Data.Tests.Hdf5;

/// <summary>The LZF decompressor on streams encoded by hand from the format's definition.</summary>
public class LzfTests
{
    [Fact]
    public void Decompress_LiteralRun_CopiesTheBytes()
    {
        // control 4 = a literal run of 5 bytes
        var output = new byte[5];

        var length = Lzf.Decompress([4, .. "INS-1"u8], output);

        Assert.Equal(5, length);
        Assert.Equal("INS-1", Encoding.ASCII.GetString(output));
    }

    [Fact]
    public void Decompress_OverlappingBackReference_RepeatsThePattern()
    {
        // "ACG", then a reference of length 1 + 2 = 3 at distance 2 + 1 = 3 ("ACG" again), then one of length
        // 5 + 2 = 7 at distance 0 + 1 = 1, which overlaps itself: seven copies of the last 'G'.
        byte[] stream = [2, .. "ACG"u8, (1 << 5) | 0, 2, (5 << 5) | 0, 0];
        var output = new byte[13];

        var length = Lzf.Decompress(stream, output);

        Assert.Equal(13, length);
        Assert.Equal("ACGACGGGGGGGG", Encoding.ASCII.GetString(output));
    }

    [Fact]
    public void Decompress_LongBackReference_ReadsTheExtraLengthByte()
    {
        // length field 7 means "7 + next byte": 7 + 100 + 2 = 109 copies of 'T' at distance 1.
        byte[] stream = [0, (byte)'T', (7 << 5) | 0, 100, 0];
        var output = new byte[110];

        var length = Lzf.Decompress(stream, output);

        Assert.Equal(110, length);
        Assert.All(output, b => Assert.Equal((byte)'T', b));
    }

    [Fact]
    public void Decompress_DistanceWithHighBits_ReachesFarBack()
    {
        // 300 literal bytes in runs of 32, then a reference of length 3 at distance ((1 << 8) | 43) + 1 = 300.
        var literal = Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray();
        var stream = new List<byte>();
        for (var start = 0; start < literal.Length; start += 32)
        {
            var run = Math.Min(32, literal.Length - start);
            stream.Add((byte)(run - 1));
            stream.AddRange(literal.Skip(start).Take(run));
        }

        stream.AddRange([(1 << 5) | 1, 43]);
        var output = new byte[303];

        Lzf.Decompress(stream.ToArray(), output);

        Assert.Equal(literal[..3], output[300..]);
    }

    [Theory]
    [InlineData(new byte[] { 4, 65, 66 }, "cut off")]
    [InlineData(new byte[] { 0, 65, 0x20 }, "distance byte is missing")]
    [InlineData(new byte[] { 0, 65, 0xE0 }, "length byte is missing")]
    [InlineData(new byte[] { 0, 65, 0x20, 5 }, "before the start")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0x00 }, "before the start")]
    public void Decompress_CorruptStream_ThrowsNamingTheProblem(byte[] stream, string problem)
    {
        var error = Assert.Throws<InvalidDataException>(() => Lzf.Decompress(stream, new byte[64]));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt LZF data at byte", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decompress_MoreThanTheOutputHolds_Throws()
    {
        var error = Assert.Throws<InvalidDataException>(() => Lzf.Decompress([0, 65, (7 << 5) | 0, 200, 0], new byte[10]));

        Assert.Contains("more than the chunk's 10 bytes", error.Message, StringComparison.Ordinal);
    }
}
