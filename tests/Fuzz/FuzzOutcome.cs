namespace PllmML.Fuzz.Tests;

/// <summary>What one mutated input did to a reader.</summary>
public enum FuzzOutcome
{
    /// <summary>Read, and equal to the seed's reference (the mutation hit bytes the reader does not use).</summary>
    AcceptedEqual,

    /// <summary>Read with other content, where that is legitimate: the format has no checksum over those bytes, or the
    /// mutation was re-checksummed (a different but well-formed file).</summary>
    AcceptedChanged,

    /// <summary>A typed error (<see cref="Data.DataFormatException"/> or another documented type) naming the file.</summary>
    Typed,

    /// <summary>FAILURE: any other exception, or a typed one that does not name the file.</summary>
    Untyped,

    /// <summary>FAILURE: the reader did not finish within the per-input timeout.</summary>
    Hang,

    /// <summary>FAILURE: the reader allocated more than the cap for the file's size, even where it then failed with a
    /// typed error (a third-party parser allocating what a damaged size field asks is bounded before it runs).</summary>
    OverAllocation,

    /// <summary>FAILURE: a raw corruption of a checksummed format was read as other content.</summary>
    SilentMisread,
}
