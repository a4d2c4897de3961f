using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace PllmML.Fuzz.Tests;

/// <summary>A SHA-256 over everything a reader returned, for comparing an accepted input with its seed.</summary>
public sealed class FuzzDigest
{
    private readonly ArrayBufferWriter<byte> _bytes = new();

    public FuzzDigest Add(string? text)
    {
        _bytes.Write(Encoding.UTF8.GetBytes((text ?? "\u0000null") + "\u0001"));
        return this;
    }

    public FuzzDigest Add(ReadOnlySpan<float> values)
    {
        _bytes.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
        return Add(values.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public FuzzDigest Add(ReadOnlySpan<int> values)
    {
        _bytes.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
        return Add(values.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public FuzzDigest Add(ReadOnlySpan<byte> values)
    {
        _bytes.Write(values);
        return Add(values.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public FuzzDigest Add(IEnumerable<string> texts)
    {
        foreach (var text in texts)
        {
            Add(text);
        }

        return Add("\u0002");
    }

    public override string ToString() => Convert.ToHexString(SHA256.HashData(_bytes.WrittenSpan));
}
