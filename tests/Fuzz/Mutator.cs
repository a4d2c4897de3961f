using System.Buffers.Binary;
using System.Text;

namespace PllmML.Fuzz.Tests;

/// <summary>
/// Structured byte and text mutations: bit flips, interesting bytes and integers (8 to 64 bits, both byte orders),
/// edits of what may be length fields, truncation, zeroed, duplicated and deleted blocks, and for text formats edits
/// of fields, delimiters, lines, numbers and encodings. Each returns a new array; the seed is never changed.
/// </summary>
public static class Mutator
{
    private static readonly long[] InterestingIntegers =
    [
        0, 1, -1, 2, 7, 8, 16, 127, 128, 255, 256, 4096, 32767, 32768, 65535, 65536,
        int.MaxValue, int.MinValue, uint.MaxValue, 1L << 31, 1L << 32, (1L << 32) + 1, long.MaxValue, long.MinValue,
        1L << 40, 1L << 48, 0x7FFF_FFFF_FFFF_FFF0,
    ];

    private static readonly string[] InterestingFields =
    [
        "", "0", "-1", "NaN", "nan", "Inf", "-inf", "1e999", "-1e999", "99999999999999999999", "2147483648", "1.5.2",
        "\"", "\"\"", "NA", "na", "\t", ",", " ", "é", "\u0663", "\uFEFF", "\u0000", ">", "%%", "null", "[]", "{}",
    ];

    /// <summary>Applies one to three random mutations.</summary>
    /// <param name="seed">The seed bytes.</param>
    /// <param name="random">The input's random source.</param>
    /// <param name="text">Whether text mutations may be used.</param>
    /// <returns>The mutated bytes and a short description (for the report).</returns>
    public static (byte[] Bytes, string Description) Mutate(byte[] seed, Random random, bool text)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(random);
        var bytes = seed;
        var names = new List<string>();
        var count = 1 + (random.Next(4) == 0 ? random.Next(1, 3) : 0);
        for (var i = 0; i < count; i++)
        {
            var (next, name) = text && random.Next(2) == 0 ? MutateText(bytes, random) : MutateBytes(bytes, random);
            bytes = next;
            names.Add(name);
        }

        return (bytes, string.Join("+", names));
    }

    private static (byte[], string) MutateBytes(byte[] seed, Random random)
    {
        if (seed.Length == 0)
        {
            return ([(byte)random.Next(256)], "insert");
        }

        var bytes = (byte[])seed.Clone();
        var at = random.Next(bytes.Length);
        switch (random.Next(9))
        {
            case 0:
                for (var flips = random.Next(1, 5); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return (bytes, "bitflip");
            case 1:
                bytes[at] = (byte)(random.Next(4) switch { 0 => 0, 1 => 0xFF, 2 => 0x7F, _ => 0x80 });
                return (bytes, "byte");
            case 2:
                return (WriteInteger(bytes, at, InterestingIntegers[random.Next(InterestingIntegers.Length)], random), "integer");
            case 3:
                return (EditLength(bytes, at & ~3, random), "length");
            case 4:
                return (bytes[..random.Next(bytes.Length)], "truncate");
            case 5:
                bytes.AsSpan(at, Math.Min(bytes.Length - at, random.Next(1, 257))).Clear();
                return (bytes, "zero-block");
            case 6:
                {
                    var length = Math.Min(bytes.Length - at, random.Next(1, 129));
                    var insertAt = random.Next(bytes.Length + 1);
                    return ([.. bytes[..insertAt], .. bytes.AsSpan(at, length), .. bytes[insertAt..]], "duplicate-block");
                }

            case 7:
                {
                    var length = Math.Min(bytes.Length - at, random.Next(1, 129));
                    return ([.. bytes[..at], .. bytes[(at + length)..]], "delete-block");
                }

            default:
                for (var i = at; i < Math.Min(bytes.Length, at + random.Next(1, 33)); i++)
                {
                    bytes[i] = (byte)random.Next(256);
                }

                return (bytes, "random-block");
        }
    }

    private static byte[] WriteInteger(byte[] bytes, int at, long value, Random random)
    {
        var width = 1 << random.Next(4);
        if (at + width > bytes.Length)
        {
            return bytes;
        }

        Span<byte> buffer = stackalloc byte[8];
        if (random.Next(4) == 0)
        {
            BinaryPrimitives.WriteInt64BigEndian(buffer, value);
            buffer[(8 - width)..].CopyTo(bytes.AsSpan(at));
        }
        else
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
            buffer[..width].CopyTo(bytes.AsSpan(at));
        }

        return bytes;
    }

    private static byte[] EditLength(byte[] bytes, int at, Random random)
    {
        var wide = random.Next(2) == 0;
        var width = wide ? 8 : 4;
        if (at + width > bytes.Length)
        {
            return bytes;
        }

        var span = bytes.AsSpan(at, width);
        var value = wide ? BinaryPrimitives.ReadInt64LittleEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
        value = random.Next(6) switch
        {
            0 => value + 1,
            1 => value - 1,
            2 => value + random.Next(2, 4097),
            3 => value - random.Next(2, 4097),
            4 => value * 2,
            _ => value * 256,
        };
        if (wide)
        {
            BinaryPrimitives.WriteInt64LittleEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span, unchecked((uint)value));
        }

        return bytes;
    }

    private static (byte[], string) MutateText(byte[] seed, Random random)
    {
        var text = Encoding.UTF8.GetString(seed);
        var lines = text.Split('\n').ToList();
        if (lines.Count == 0)
        {
            return MutateBytes(seed, random);
        }

        var line = random.Next(random.Next(3) == 0 ? Math.Min(lines.Count, 3) : lines.Count);
        string name;
        switch (random.Next(8))
        {
            case 0:
                lines.RemoveAt(line);
                name = "delete-line";
                break;
            case 1:
                lines.Insert(random.Next(lines.Count + 1), lines[line]);
                name = "duplicate-line";
                break;
            case 2:
                (lines[line], lines[random.Next(lines.Count)]) = (lines[random.Next(lines.Count)], lines[line]);
                name = "swap-lines";
                break;
            case 3:
                lines[line] = ReplaceField(lines[line], random);
                name = "field";
                break;
            case 4:
                lines[line] = Edit(lines[line], random, random.Next(3) switch { 0 => "\t", 1 => ",", _ => "\"" });
                name = "delimiter";
                break;
            case 5:
                lines[line] = Edit(lines[line], random, ((char)random.Next('a', 'z' + 1)).ToString());
                name = "typo";
                break;
            case 6:
                lines[line] = lines[line].Length > 0 ? lines[line].Remove(random.Next(lines[line].Length), 1) : "\r";
                name = "delete-char";
                break;
            default:
                {
                    var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines));
                    var at = random.Next(bytes.Length + 1);
                    byte[] invalid = random.Next(2) == 0 ? [0xC3] : [0xFF, 0xFE];
                    return ([.. bytes[..at], .. invalid, .. bytes[at..]], "invalid-utf8");
                }
        }

        return (Encoding.UTF8.GetBytes(string.Join('\n', lines)), name);
    }

    private static string ReplaceField(string line, Random random)
    {
        var delimiter = line.Contains('\t', StringComparison.Ordinal) ? '\t' : line.Contains(',', StringComparison.Ordinal) ? ',' : ' ';
        var fields = line.Split(delimiter);
        fields[random.Next(fields.Length)] = InterestingFields[random.Next(InterestingFields.Length)];
        return string.Join(delimiter, fields);
    }

    private static string Edit(string line, Random random, string insert)
    {
        var at = random.Next(line.Length + 1);
        return random.Next(2) == 0 || line.Length == 0 || at == line.Length
            ? line.Insert(at, insert)
            : line.Remove(at, 1).Insert(at, insert);
    }
}
