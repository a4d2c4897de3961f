namespace PllmML.Data.Hdf5;

/// <summary>
/// The LZF decompressor (Marc Lehmann's liblzf format, used by h5py's <c>compression="lzf"</c>), written from the
/// format's definition.
/// </summary>
/// <remarks>
/// An LZF stream is a sequence of runs, each opened by a control byte <c>c</c>:
/// <list type="bullet">
/// <item><c>c &lt; 32</c>: a literal run; the next <c>c + 1</c> bytes are copied as they are.</item>
/// <item><c>c ≥ 32</c>: a back reference. Its length is <c>c &gt;&gt; 5</c> (when 7, one more byte is added to it),
/// plus 2; its distance is <c>((c &amp; 31) &lt;&lt; 8) + next byte + 1</c> bytes behind the output position. The
/// copy runs byte by byte, so a reference may overlap what it produces (a run of one repeated byte).</item>
/// </list>
/// </remarks>
internal static class Lzf
{
    /// <summary>Decompresses <paramref name="input"/> into <paramref name="output"/>.</summary>
    /// <param name="input">The compressed bytes.</param>
    /// <param name="output">Where the bytes go; must be large enough.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="InvalidDataException">
    /// The stream is corrupt (a run is cut off, or a reference points before the start) or does not fit
    /// <paramref name="output"/>; the message names the input byte.
    /// </exception>
    public static int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var inPosition = 0;
        var outPosition = 0;
        while (inPosition < input.Length)
        {
            var start = inPosition;
            int control = input[inPosition++];
            if (control < 32)
            {
                var length = control + 1;
                if (inPosition + length > input.Length)
                {
                    throw Corrupt(start, $"a literal run of {length} bytes is cut off by the end of the data");
                }

                if (outPosition + length > output.Length)
                {
                    throw TooLong(start, output.Length);
                }

                input.Slice(inPosition, length).CopyTo(output[outPosition..]);
                inPosition += length;
                outPosition += length;
                continue;
            }

            var count = control >> 5;
            if (count == 7)
            {
                if (inPosition >= input.Length)
                {
                    throw Corrupt(start, "a back reference's length byte is missing");
                }

                count += input[inPosition++];
            }

            if (inPosition >= input.Length)
            {
                throw Corrupt(start, "a back reference's distance byte is missing");
            }

            count += 2;
            var from = outPosition - ((control & 31) << 8) - input[inPosition++] - 1;
            if (from < 0)
            {
                throw Corrupt(start, $"a back reference points {outPosition - from} bytes back, before the start of the output");
            }

            if (outPosition + count > output.Length)
            {
                throw TooLong(start, output.Length);
            }

            for (var i = 0; i < count; i++)
            {
                output[outPosition++] = output[from++];
            }
        }

        return outPosition;
    }

    private static InvalidDataException Corrupt(int position, string problem) =>
        new($"corrupt LZF data at byte {position} of the chunk: {problem}");

    private static InvalidDataException TooLong(int position, int capacity) =>
        new($"corrupt LZF data at byte {position} of the chunk: it expands to more than the chunk's {capacity} bytes");
}
