namespace PllmML.Data.Proteins;

/// <summary>
/// Why a <see cref="ProteinCleaningPolicy"/> changed or dropped a record. A kept record may have several changes; a
/// dropped record has exactly one drop reason (the first rule it failed, in the order of this enum).
/// </summary>
public enum ProteinCleaningReason
{
    /// <summary>Change: lowercase letters were uppercased.</summary>
    LowercaseUppercased,

    /// <summary>Change: one trailing stop <c>*</c> was removed.</summary>
    TrailingStopStripped,

    /// <summary>Change: <c>J</c> (leucine or isoleucine), absent from ESM-2's alphabet, became <c>X</c>.</summary>
    LetterJReplaced,

    /// <summary>Drop: no residues (the header is followed by another header or the end of the file).</summary>
    EmptySequence,

    /// <summary>Drop: the sequence holds a stop <c>*</c> (one left after the optional trailing-stop strip).</summary>
    StopCodon,

    /// <summary>
    /// Drop: the sequence holds a character outside ESM-2's alphabet (<c>LAGVSERTIDPKQNFYMHWCXBUZO.-</c>), such as a
    /// digit, a lowercase letter left as it is, or <c>J</c> when it is not replaced.
    /// </summary>
    InvalidCharacter,

    /// <summary>Drop: an earlier kept record has the same protein id; the first copy wins.</summary>
    DuplicateId,
}
