using System.Buffers;

namespace PllmML.Data.Proteins;

/// <summary>Applies a <see cref="ProteinCleaningPolicy"/> to raw records one at a time and fills the report.</summary>
internal sealed class ProteinSequenceCleaner
{
    private static readonly SearchValues<char> EsmLetters = SearchValues.Create(EsmAlphabet.ResidueLetters);
    private readonly string _path;
    private readonly ProteinCleaningPolicy _policy;
    private readonly Dictionary<string, long> _keptIdLines = new(StringComparer.Ordinal);
    private readonly List<(ProteinCleaningReason Reason, string Detail)> _changes = [];

    public ProteinSequenceCleaner(string path, ProteinCleaningPolicy policy)
    {
        _path = path;
        _policy = policy;
        Report = new ProteinCleaningReport(policy);
    }

    public ProteinCleaningReport Report { get; }

    /// <summary>Cleans a record.</summary>
    /// <param name="raw">The record with its sequence as read.</param>
    /// <returns>The cleaned record, or null when the policy drops it.</returns>
    /// <exception cref="DataFormatException">The policy makes the record's problem an error.</exception>
    public ProteinRecord? Clean(ProteinRecord raw)
    {
        _changes.Clear();
        var sequence = raw.Sequence;
        if (FindProblem(ref sequence, raw.ProteinId) is var (reason, detail))
        {
            Drop(raw, reason, detail);
            return null;
        }

        _keptIdLines.Add(raw.ProteinId, raw.HeaderLineNumber);
        foreach (var change in _changes)
        {
            Report.Add(change.Reason, new ProteinCleaningExample(raw.ProteinId, raw.HeaderLineNumber, change.Detail));
        }

        Report.AddKept(_changes.Count > 0);
        return _changes.Count > 0 ? raw.WithSequence(sequence) : raw;
    }

    private (ProteinCleaningReason Reason, string Detail)? FindProblem(ref string sequence, string proteinId)
    {
        if (sequence.Length == 0)
        {
            return (ProteinCleaningReason.EmptySequence, "no residues");
        }

        sequence = Uppercase(sequence);
        sequence = StripTrailingStop(sequence);
        if (sequence.Length == 0)
        {
            return (ProteinCleaningReason.EmptySequence, "no residues besides a stop '*'");
        }

        var stop = sequence.IndexOf('*', StringComparison.Ordinal);
        if (stop >= 0)
        {
            return (ProteinCleaningReason.StopCodon, $"'*' at residue {stop + 1} of {sequence.Length}");
        }

        sequence = ReplaceJ(sequence);
        var invalid = sequence.AsSpan().IndexOfAnyExcept(EsmLetters);
        if (invalid >= 0)
        {
            return (ProteinCleaningReason.InvalidCharacter, $"{Describe(sequence[invalid])} at residue {invalid + 1}");
        }

        return _keptIdLines.TryGetValue(proteinId, out var firstLine)
            ? (ProteinCleaningReason.DuplicateId, $"same id as the record kept from line {firstLine}")
            : null;
    }

    private string Uppercase(string sequence)
    {
        if (!_policy.UppercaseLetters || !sequence.AsSpan().ContainsAnyInRange('a', 'z'))
        {
            return sequence;
        }

        var lowercase = sequence.Count(char.IsAsciiLetterLower);

        _changes.Add((ProteinCleaningReason.LowercaseUppercased, $"{lowercase} lowercase letters"));
        return string.Create(sequence.Length, sequence, (target, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                target[i] = char.IsAsciiLetterLower(source[i]) ? (char)(source[i] - 32) : source[i];
            }
        });
    }

    private string StripTrailingStop(string sequence)
    {
        if (!_policy.StripTrailingStop || sequence[^1] != '*')
        {
            return sequence;
        }

        _changes.Add((ProteinCleaningReason.TrailingStopStripped, $"'*' at residue {sequence.Length}"));
        return sequence[..^1];
    }

    private string ReplaceJ(string sequence)
    {
        if (!_policy.ReplaceJWithX || !sequence.Contains('J', StringComparison.Ordinal))
        {
            return sequence;
        }

        var count = sequence.Count(residue => residue == 'J');

        _changes.Add((ProteinCleaningReason.LetterJReplaced, $"{count} × 'J'"));
        return sequence.Replace('J', 'X');
    }

    private void Drop(ProteinRecord raw, ProteinCleaningReason reason, string detail)
    {
        if (ActionFor(reason) == ProteinIssueAction.Throw)
        {
            throw new DataFormatException(
                _path,
                $"line {raw.HeaderLineNumber}",
                $"protein {raw.ProteinId}: {Explain(reason)} ({detail}); the cleaning policy makes this an error "
                + $"(set {nameof(ProteinCleaningPolicy)}.{PolicyOption(reason)} to Drop to skip such records)");
        }

        Report.Add(reason, new ProteinCleaningExample(raw.ProteinId, raw.HeaderLineNumber, detail));
        Report.AddDropped();
    }

    private ProteinIssueAction ActionFor(ProteinCleaningReason reason) => reason switch
    {
        ProteinCleaningReason.EmptySequence => _policy.EmptySequences,
        ProteinCleaningReason.StopCodon => _policy.StopCodons,
        ProteinCleaningReason.InvalidCharacter => _policy.InvalidCharacters,
        _ => _policy.DuplicateIds,
    };

    private static string PolicyOption(ProteinCleaningReason reason) => reason switch
    {
        ProteinCleaningReason.EmptySequence => nameof(ProteinCleaningPolicy.EmptySequences),
        ProteinCleaningReason.StopCodon => nameof(ProteinCleaningPolicy.StopCodons),
        ProteinCleaningReason.InvalidCharacter => nameof(ProteinCleaningPolicy.InvalidCharacters),
        _ => nameof(ProteinCleaningPolicy.DuplicateIds),
    };

    private static string Explain(ProteinCleaningReason reason) => reason switch
    {
        ProteinCleaningReason.EmptySequence =>
            "empty record: its header is followed directly by another header or the end of the file",
        ProteinCleaningReason.StopCodon => "the sequence holds a stop '*'",
        ProteinCleaningReason.InvalidCharacter =>
            $"the sequence holds a character outside ESM-2's alphabet {EsmAlphabet.ResidueLetters}",
        _ => "the protein id is not unique",
    };

    private static string Describe(char residue) =>
        char.IsControl(residue) || char.IsWhiteSpace(residue) ? $"U+{(int)residue:X4}" : $"'{residue}'";
}
