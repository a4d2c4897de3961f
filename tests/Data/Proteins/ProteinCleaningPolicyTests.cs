using PllmML.Data.Proteins;

namespace PllmML.Data.Tests.Proteins;

public class ProteinCleaningPolicyTests
{
    [Fact]
    public void Clean_StandardLowercase_UppercasesAndCounts()
    {
        var records = ProteinTestFiles.ReadText(">p1\nmkV\nll\n", out var report);

        Assert.Equal("MKVLL", Assert.Single(records).Sequence);
        Assert.Equal(1, report.Count(ProteinCleaningReason.LowercaseUppercased));
        var example = Assert.Single(report.Examples(ProteinCleaningReason.LowercaseUppercased));
        Assert.Equal("4 lowercase letters", example.Detail);
        Assert.Equal(1, report.RecordsChanged);
    }

    [Fact]
    public void Clean_StandardTrailingStop_StripsOneAndCounts()
    {
        var records = ProteinTestFiles.ReadText(">p1\nMKV*\n>p2\nMKV**\n", out var report);

        Assert.Equal([("p1", "MKV")], records.Select(record => (record.ProteinId, record.Sequence)));
        Assert.Equal(1, report.Count(ProteinCleaningReason.TrailingStopStripped));
        Assert.Equal(1, report.Count(ProteinCleaningReason.StopCodon));
        Assert.Equal("'*' at residue 4 of 4", Assert.Single(report.Examples(ProteinCleaningReason.StopCodon)).Detail);
    }

    [Fact]
    public void Clean_StandardInternalStop_DropsWithPosition()
    {
        var records = ProteinTestFiles.ReadText(">p1\nMK*V\n>p2\nMKV\n", out var report);

        Assert.Equal(["p2"], records.Select(record => record.ProteinId));
        var example = Assert.Single(report.Examples(ProteinCleaningReason.StopCodon));
        Assert.Equal(new ProteinCleaningExample("p1", 1, "'*' at residue 3 of 4"), example);
    }

    [Fact]
    public void Clean_StandardOnlyStop_DropsAsEmpty()
    {
        var records = ProteinTestFiles.ReadText(">p1\n*\n", out var report);

        Assert.Empty(records);
        Assert.Equal([ProteinCleaningReason.EmptySequence], report.Reasons);
    }

    [Fact]
    public void Clean_StandardEsmAmbiguityLetters_KeepsThemUnchanged()
    {
        var records = ProteinTestFiles.ReadText(">p1\nMXBZUO.-K\n", out var report);

        Assert.Equal("MXBZUO.-K", Assert.Single(records).Sequence);
        Assert.Empty(report.Reasons);
    }

    [Fact]
    public void Clean_StandardLetterJ_ReplacesWithXAndCounts()
    {
        var records = ProteinTestFiles.ReadText(">p1\nMJKJ\n", out var report);

        Assert.Equal("MXKX", Assert.Single(records).Sequence);
        Assert.Equal("2 × 'J'", Assert.Single(report.Examples(ProteinCleaningReason.LetterJReplaced)).Detail);
    }

    [Fact]
    public void Clean_StandardDigitsAndSymbols_DropWithClearReason()
    {
        var records = ProteinTestFiles.ReadText(">p1\nMK7V\n>p2\nMK#\n>p3\nMKÄ\n>p4\nMKV\n", out var report);

        Assert.Equal(["p4"], records.Select(record => record.ProteinId));
        Assert.Equal(
            ["'7' at residue 3", "'#' at residue 3", "'Ä' at residue 3"],
            report.Examples(ProteinCleaningReason.InvalidCharacter).Select(example => example.Detail));
    }

    [Fact]
    public void Clean_StrictInvalidCharacter_ThrowsNamingHeaderLine()
    {
        var path = ProteinTestFiles.Write(">p1\nMKV\n>p2\nMKV\nMK7V\n");

        var error = Assert.Throws<DataFormatException>(
            () => ProteinTestFiles.ReadAll(path, ProteinCleaningPolicy.Strict, out _));

        Assert.Equal(path, error.FilePath);
        Assert.Equal("line 3", error.Location);
        Assert.Contains("protein p2", error.Message, StringComparison.Ordinal);
        Assert.Contains("'7' at residue 6", error.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidCharacters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_OriginalAnyStop_DropsAndChangesNothing()
    {
        var path = ProteinTestFiles.Write(">p1\nMKV*\n>p2\nmkv\n>p3\nMKJ\n>p4\nMXBZUO\n");

        var records = ProteinTestFiles.ReadAll(path, ProteinCleaningPolicy.Original, out var report);

        Assert.Equal([("p4", "MXBZUO")], records.Select(record => (record.ProteinId, record.Sequence)));
        Assert.Equal(["p1"], report.Examples(ProteinCleaningReason.StopCodon).Select(example => example.ProteinId));
        Assert.Equal(["p2", "p3"], report.Examples(ProteinCleaningReason.InvalidCharacter).Select(e => e.ProteinId));
        Assert.Equal(0, report.RecordsChanged);
    }

    [Fact]
    public void Clean_StandardDuplicateIds_KeepsFirstCopy()
    {
        var records = ProteinTestFiles.ReadText(">p1\nMKV\n>p1 again\nLLA\n>p2\nW\n", out var report);

        Assert.Equal([("p1", "MKV"), ("p2", "W")], records.Select(record => (record.ProteinId, record.Sequence)));
        var example = Assert.Single(report.Examples(ProteinCleaningReason.DuplicateId));
        Assert.Equal(new ProteinCleaningExample("p1", 3, "same id as the record kept from line 1"), example);
    }

    [Fact]
    public void Clean_DuplicateOfDroppedRecord_IsKept()
    {
        var records = ProteinTestFiles.ReadText(">p1\nMK*V\n>p1\nLLA\n", out var report);

        Assert.Equal("LLA", Assert.Single(records).Sequence);
        Assert.Equal(0, report.Count(ProteinCleaningReason.DuplicateId));
    }

    [Fact]
    public void Clean_OriginalDuplicateIds_ThrowsNamingLaterHeaderLine()
    {
        var path = ProteinTestFiles.Write(">p1\nMKV\n>p2\nW\n>p1\nLLA\n");

        var error = Assert.Throws<DataFormatException>(
            () => ProteinTestFiles.ReadAll(path, ProteinCleaningPolicy.Original, out _));

        Assert.Equal("line 5", error.Location);
        Assert.Contains("not unique", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clean_CustomisedPreset_AppliesOnlyTheChangedOption()
    {
        var policy = ProteinCleaningPolicy.Standard with
        {
            ReplaceJWithX = false,
            StopCodons = ProteinIssueAction.Throw,
        };
        var path = ProteinTestFiles.Write(">p1\nMKJ\n>p2\nMK*\n>p3\nMK*V\n");

        using var reader = new ProteinFastaReader(path, policy);

        Assert.True(reader.TryRead(out var record));
        Assert.Equal(("p2", "MK"), (record.ProteinId, record.Sequence));
        Assert.Throws<DataFormatException>(() => reader.TryRead(out _));
        Assert.Equal(1, reader.Report.Count(ProteinCleaningReason.InvalidCharacter));
        Assert.Same(policy, reader.Report.Policy);
    }

    [Fact]
    public void Clean_ManyRecordsForOneReason_CapsExamplesButNotCount()
    {
        var text = string.Concat(Enumerable.Range(1, 5).Select(i => $">p{i}\nMK*V\n"));

        ProteinTestFiles.ReadText(text, out var report);

        Assert.Equal(5, report.Count(ProteinCleaningReason.StopCodon));
        Assert.Equal(
            ProteinCleaningReport.MaxExamplesPerReason, report.Examples(ProteinCleaningReason.StopCodon).Count);
    }

    [Fact]
    public void Clean_MixedInput_KeptPlusDroppedEqualsRecords()
    {
        const string Text = ">a\nmkv*\n>b\n>c\nMK*V\n>d\nMK1\n>a\nMKV\n>e\nMJ\n>f\nMKV\n";

        var records = ProteinTestFiles.ReadText(Text, out var report);

        var drops = report.Reasons.Where(ProteinCleaningReport.IsDropReason).Sum(report.Count);
        Assert.Equal(Text.Count(c => c == '>'), report.RecordsRead);
        Assert.Equal(report.RecordsRead, records.Count + drops);
        Assert.Equal(drops, report.RecordsDropped);
        Assert.Equal(["a", "e", "f"], records.Select(record => record.ProteinId));
        Assert.Equal(2, report.RecordsChanged);
        Assert.Contains("dropped 1 × DuplicateId", report.ToString(), StringComparison.Ordinal);
    }
}
