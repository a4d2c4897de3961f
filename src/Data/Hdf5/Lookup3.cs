using System.Buffers.Binary;
using System.Numerics;

namespace PllmML.Data.Hdf5;

/// <summary>
/// Bob Jenkins' lookup3 hash (<c>hashlittle</c>), the checksum HDF5 keeps over its version-2 metadata: superblocks of
/// version 2 and 3, object headers (<c>OHDR</c>) and their continuation blocks (<c>OCHK</c>), fractal heaps and
/// version-2 B-trees (libhdf5's <c>H5_checksum_metadata</c>, which is <c>H5_checksum_lookup3</c> with an initial
/// value of 0). Bytes are read little-endian, as libhdf5 does on every platform.
/// </summary>
internal static class Lookup3
{
    /// <summary>The hash of some bytes.</summary>
    /// <param name="key">The bytes.</param>
    /// <param name="initialValue">The initial value (0 for HDF5 metadata).</param>
    /// <returns>The 32-bit hash.</returns>
    public static uint Hash(ReadOnlySpan<byte> key, uint initialValue = 0)
    {
        uint a, b, c;
        a = b = c = 0xdeadbeef + (uint)key.Length + initialValue;
        while (key.Length > 12)
        {
            a += BinaryPrimitives.ReadUInt32LittleEndian(key);
            b += BinaryPrimitives.ReadUInt32LittleEndian(key[4..]);
            c += BinaryPrimitives.ReadUInt32LittleEndian(key[8..]);
            Mix(ref a, ref b, ref c);
            key = key[12..];
        }

        if (key.IsEmpty)
        {
            return c;
        }

        // The last 1 to 12 bytes, zero-padded: the same sums as lookup3's fall-through switch.
        Span<byte> tail = stackalloc byte[12];
        tail.Clear();
        key.CopyTo(tail);
        a += BinaryPrimitives.ReadUInt32LittleEndian(tail);
        b += BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]);
        c += BinaryPrimitives.ReadUInt32LittleEndian(tail[8..]);
        c ^= b; c -= BitOperations.RotateLeft(b, 14);
        a ^= c; a -= BitOperations.RotateLeft(c, 11);
        b ^= a; b -= BitOperations.RotateLeft(a, 25);
        c ^= b; c -= BitOperations.RotateLeft(b, 16);
        a ^= c; a -= BitOperations.RotateLeft(c, 4);
        b ^= a; b -= BitOperations.RotateLeft(a, 14);
        c ^= b; c -= BitOperations.RotateLeft(b, 24);
        return c;
    }

    private static void Mix(ref uint a, ref uint b, ref uint c)
    {
        a -= c; a ^= BitOperations.RotateLeft(c, 4); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 6); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 8); b += a;
        a -= c; a ^= BitOperations.RotateLeft(c, 16); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 19); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 4); b += a;
    }
}
