namespace PllmML.Data.Proteins;

/// <summary>
/// How protein sequences are made fit for ESM-2, whose alphabet is <c>L A G V S E R T I D P K Q N F Y M H W C X B
/// U Z O . -</c>. Every change and every dropped record is counted per <see cref="ProteinCleaningReason"/> in the
/// reader's <see cref="ProteinCleaningReport"/>; nothing is lost silently. Start from a preset and adjust it with
/// <c>with</c>: <c>ProteinCleaningPolicy.Standard with { DuplicateIds = ProteinIssueAction.Throw }</c>.
/// </summary>
/// <remarks>
/// Rules run in this order: empty check; uppercase; strip one trailing <c>*</c>; empty check again; stop check;
/// <c>J</c> to <c>X</c>; alphabet check; duplicate-id check (against the records kept so far). Whitespace inside
/// sequence lines is layout, not data, and is always removed. <c>X B U Z O</c> and the gap characters <c>. -</c>
/// are in ESM-2's alphabet and are kept. The alphabet check cannot be switched off: fair-esm's
/// <c>Alphabet.encode</c> fails with a <c>KeyError</c> on any other character.
/// </remarks>
public sealed record ProteinCleaningPolicy
{
    /// <summary>
    /// The original pipeline's rule (SATURN's and the seed repository's <c>clean_fasta.py</c>): drop every sequence
    /// that contains <c>*</c>, change nothing. Other characters that fair-esm would reject (lowercase, <c>J</c>,
    /// digits) are dropped and counted where the original stopped with a <c>KeyError</c>; an empty record is dropped;
    /// a duplicate id is an error, as in fair-esm's <c>extract.py</c>.
    /// </summary>
    public static ProteinCleaningPolicy Original { get; } = new()
    {
        UppercaseLetters = false,
        StripTrailingStop = false,
        ReplaceJWithX = false,
        DuplicateIds = ProteinIssueAction.Throw,
    };

    /// <summary>
    /// The default: uppercase lowercase letters, strip one trailing stop <c>*</c>, replace <c>J</c> by <c>X</c>
    /// (ESM-2's "any residue", so one ambiguous residue does not cost the whole protein); drop and count empty
    /// records, sequences with an internal <c>*</c>, sequences with other characters, and later copies of a
    /// protein id.
    /// </summary>
    public static ProteinCleaningPolicy Standard { get; } = new();

    /// <summary>
    /// The same repairs as <see cref="Standard"/>, but every record that <see cref="Standard"/> would drop is an
    /// error naming the record's header line.
    /// </summary>
    public static ProteinCleaningPolicy Strict { get; } = new()
    {
        EmptySequences = ProteinIssueAction.Throw,
        StopCodons = ProteinIssueAction.Throw,
        InvalidCharacters = ProteinIssueAction.Throw,
        DuplicateIds = ProteinIssueAction.Throw,
    };

    /// <summary>
    /// Uppercase lowercase letters (counted as <see cref="ProteinCleaningReason.LowercaseUppercased"/>).
    /// </summary>
    public bool UppercaseLetters { get; init; } = true;

    /// <summary>
    /// Remove one trailing stop <c>*</c> (counted as <see cref="ProteinCleaningReason.TrailingStopStripped"/>).
    /// </summary>
    public bool StripTrailingStop { get; init; } = true;

    /// <summary>Replace <c>J</c> by <c>X</c> (counted as <see cref="ProteinCleaningReason.LetterJReplaced"/>);
    /// when false, a <c>J</c> is an invalid character.</summary>
    public bool ReplaceJWithX { get; init; } = true;

    /// <summary>What to do with a record that has no residues.</summary>
    public ProteinIssueAction EmptySequences { get; init; } = ProteinIssueAction.Drop;

    /// <summary>What to do with a sequence that still contains <c>*</c> after the trailing-stop strip.</summary>
    public ProteinIssueAction StopCodons { get; init; } = ProteinIssueAction.Drop;

    /// <summary>What to do with a sequence that holds a character outside ESM-2's alphabet.</summary>
    public ProteinIssueAction InvalidCharacters { get; init; } = ProteinIssueAction.Drop;

    /// <summary>What to do with a record whose protein id was already kept (drop keeps the first copy).</summary>
    public ProteinIssueAction DuplicateIds { get; init; } = ProteinIssueAction.Drop;
}
