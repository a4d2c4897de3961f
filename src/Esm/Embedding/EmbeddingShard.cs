using System.Buffers.Binary;
using System.Globalization;

namespace PllmML.Esm.Embedding;

/// <summary>
/// One slice of a proteome's distinct sequences, for embedding on many machines: shard <see cref="Number"/> of
/// <see cref="Count"/> (1-based, as SLURM's <c>--array=1-N</c>) holds the sequences whose SHA-256 (the
/// <see cref="EmbeddingKey.SequenceHash"/> the store already keys by), read as a big-endian unsigned 64-bit number
/// from its first 8 bytes, is <c>Number − 1</c> modulo <c>Count</c>.
/// </summary>
/// <remarks>
/// The assignment depends on the sequence alone — not on file order, other inputs, batch planning or thread count —
/// so the shards are disjoint, together cover every sequence, and a proteome added later never moves a sequence
/// that is already assigned (with the same <see cref="Count"/>) to another shard.
/// </remarks>
public sealed record EmbeddingShard
{
    /// <summary>Creates shard <paramref name="number"/> of <paramref name="count"/>.</summary>
    /// <param name="number">The shard, 1 … <paramref name="count"/>.</param>
    /// <param name="count">How many shards, ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">The count is below 1 or the number outside 1 … count.</exception>
    public EmbeddingShard(int number, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, count);
        Number = number;
        Count = count;
    }

    /// <summary>The shard, 1-based.</summary>
    public int Number { get; }

    /// <summary>How many shards the sequences are split into.</summary>
    public int Count { get; }

    /// <summary>Reads <c>i/n</c> (1-based: <c>1/8</c> … <c>8/8</c>).</summary>
    /// <param name="text">The text, e.g. <c>3/8</c>.</param>
    /// <exception cref="FormatException">The text is not <c>i/n</c> with whole numbers 1 ≤ i ≤ n (the message says
    /// what is wrong).</exception>
    public static EmbeddingShard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            throw new FormatException($"'{text}' is not i/n (two whole numbers, e.g. 3/8).");
        }

        if (count < 1)
        {
            throw new FormatException($"'{text}': the number of shards must be at least 1.");
        }

        return number >= 1 && number <= count
            ? new EmbeddingShard(number, count)
            : throw new FormatException($"'{text}': shards are numbered 1 to {count} (1-based, as SLURM's --array=1-{count}).");
    }

    /// <summary>The shard (1-based) that a sequence belongs to among <paramref name="count"/>.</summary>
    /// <param name="sequenceHash">The sequence's SHA-256 (<see cref="EmbeddingKey.Hash"/>).</param>
    /// <param name="count">How many shards.</param>
    public static int NumberOf(ReadOnlySpan<byte> sequenceHash, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequenceHash.Length, 8, nameof(sequenceHash));
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(sequenceHash) % (ulong)count) + 1;
    }

    /// <summary>Whether a sequence belongs to this shard.</summary>
    /// <param name="sequenceHash">The sequence's SHA-256 (<see cref="EmbeddingKey.Hash"/>).</param>
    public bool Contains(ReadOnlySpan<byte> sequenceHash) => NumberOf(sequenceHash, Count) == Number;

    /// <summary>The shard as <c>i/n</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Number}/{Count}");
}
