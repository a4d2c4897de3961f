using System.IO.Compression;

namespace PllmML.Fuzz.Tests;

/// <summary>
/// The structured mutation of zip-based formats: one entry's content is mutated and the archive rewritten with valid
/// CRC-32s and sizes, so the mutation reaches the parser behind the zip layer (the pickle, ML.NET's model loader)
/// as a well-formed but hostile file would.
/// </summary>
public static class ZipMutator
{
    /// <summary>Rewrites the archive with one entry mutated.</summary>
    /// <param name="zip">The seed archive.</param>
    /// <param name="random">The input's random source.</param>
    /// <param name="weight">How likely each entry (by full name) is to be chosen; 0 never.</param>
    public static byte[] MutateEntry(byte[] zip, Random random, Func<string, int> weight)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(weight);
        var entries = new List<(string Name, byte[] Content, CompressionLevel Level)>();
        using (var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read))
        {
            foreach (var entry in archive.Entries)
            {
                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                var stored = entry.CompressedLength == entry.Length;
                entries.Add((entry.FullName, buffer.ToArray(), stored ? CompressionLevel.NoCompression : CompressionLevel.Optimal));
            }
        }

        var weights = entries.Select(entry => weight(entry.Name)).ToArray();
        var pick = random.Next(Math.Max(1, weights.Sum()));
        var chosen = 0;
        for (; chosen < weights.Length - 1 && pick >= weights[chosen]; chosen++)
        {
            pick -= weights[chosen];
        }

        var (name, content, level) = entries[chosen];
        entries[chosen] = (name, Mutator.Mutate(content, random, text: false).Bytes, level);
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (entryName, bytes, entryLevel) in entries)
            {
                using var stream = archive.CreateEntry(entryName, entryLevel).Open();
                stream.Write(bytes);
            }
        }

        return output.ToArray();
    }
}
