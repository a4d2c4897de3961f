using System.Text;
using PllmML.Data.Proteins;

namespace PllmML.Data.Tests.Proteins;

public class ProteinFastaReaderTests
{
    private static readonly string[] StopCodonProteins = ["ENSP00000486295", "ENSP00000487059"];

    [Fact]
    public void Read_RefogProteins_MatchesMembershipTable()
    {
        var membership = ProteinTestFiles.HumanMouseMembership();

        var records = ProteinTestFiles.ReadAll(
            ProteinTestFiles.RefogFasta, ProteinCleaningPolicy.Standard, out var report);

        Assert.Equal(membership.Count, report.RecordsRead);
        Assert.Equal(report.RecordsRead, report.RecordsKept + report.RecordsDropped);
        Assert.Equal(report.RecordsKept, records.Count);
        foreach (var record in records)
        {
            var row = membership[record.ProteinId];
            Assert.Equal(row.Length, record.Length);
            Assert.Equal(row.Species, record.Attributes["species"]);
            Assert.Equal(row.Refogs, record.Attributes["refog"]);
            Assert.Equal(ProteinHeaderFormat.Plain, record.HeaderFormat);
            Assert.Null(record.GeneId);
            Assert.Null(record.GeneSymbol);
        }

        var dropped = report.Examples(ProteinCleaningReason.StopCodon).Select(example => example.ProteinId);
        Assert.Equal(membership.Keys.Order(), records.Select(record => record.ProteinId).Concat(dropped).Order());
    }

    [Fact]
    public void Read_RefogProteins_DropsOnlyTheTwoWithInternalStops()
    {
        var total = ProteinTestFiles.HumanMouseMembership().Count;

        foreach (var policy in new[] { ProteinCleaningPolicy.Standard, ProteinCleaningPolicy.Original })
        {
            var records = ProteinTestFiles.ReadAll(ProteinTestFiles.RefogFasta, policy, out var report);

            Assert.Equal([ProteinCleaningReason.StopCodon], report.Reasons);
            Assert.Equal(StopCodonProteins, report.Examples(ProteinCleaningReason.StopCodon).Select(e => e.ProteinId));
            Assert.Equal(total - 2, records.Count);
            Assert.Equal(0, report.RecordsChanged);
        }
    }

    [Fact]
    public void Read_RefogProteinsStrict_ThrowsNamingFirstStopRecordHeaderLine()
    {
        var header = ">" + StopCodonProteins[0] + " ";
        var headerLine = Array.FindIndex(
            File.ReadAllLines(ProteinTestFiles.RefogFasta),
            line => line.StartsWith(header, StringComparison.Ordinal)) + 1;

        var error = Assert.Throws<DataFormatException>(
            () => ProteinTestFiles.ReadAll(ProteinTestFiles.RefogFasta, ProteinCleaningPolicy.Strict, out _));

        Assert.Equal(ProteinTestFiles.RefogFasta, error.FilePath);
        Assert.Equal($"line {headerLine}", error.Location);
        Assert.Contains(StopCodonProteins[0], error.Message, StringComparison.Ordinal);
        Assert.Contains("stop '*'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RefogProteins_HeaderLineNumbersPointAtHeaders()
    {
        var lines = File.ReadAllLines(ProteinTestFiles.RefogFasta);

        var records = ProteinTestFiles.ReadAll(ProteinTestFiles.RefogFasta, ProteinCleaningPolicy.Standard, out _);

        Assert.Equal(1, records[0].HeaderLineNumber);
        Assert.All(records, record => Assert.Equal(">" + record.Header, lines[record.HeaderLineNumber - 1]));
        Assert.Equal(records.Select(r => r.HeaderLineNumber).Order(), records.Select(r => r.HeaderLineNumber));
    }

    [Fact]
    public void Read_FewProteins_GivesEsmExampleRecords()
    {
        var records = ProteinTestFiles.ReadAll(
            TestPaths.Bundled("proteins", "few_proteins.fasta"), ProteinCleaningPolicy.Original, out var report);

        Assert.Equal(
            ["UniRef50_UPI0003108055", "UniRef50_A0A223SCH7", "UniRef50_A0A090SUK6"],
            records.Select(r => r.ProteinId));
        Assert.Equal([80, 71, 99], records.Select(r => r.Length));
        Assert.StartsWith("MPADAREYLESKHATRRFDRPAEVAGVV", records[0].Sequence, StringComparison.Ordinal);
        Assert.EndsWith("DRYIMMV", records[2].Sequence, StringComparison.Ordinal);
        Assert.All(records, record => Assert.Equal(ProteinHeaderFormat.Plain, record.HeaderFormat));
        Assert.Equal(0, report.RecordsDropped);
    }

    [Fact]
    public void Read_SomeProteins_GivesEsmExampleRecords()
    {
        var records = ProteinTestFiles.ReadAll(
            TestPaths.Bundled("proteins", "some_proteins.fasta"), ProteinCleaningPolicy.Strict, out var report);

        Assert.Equal(15, records.Count);
        Assert.Equal(5115, records.Sum(record => record.Length));
        Assert.Equal(("UniRef50_A0A1E3NP16", 428), (records[0].ProteinId, records[0].Length));
        Assert.Equal(("UniRef50_UPI000B82D8F0", 659), (records[^1].ProteinId, records[^1].Length));
        Assert.Equal(15, report.RecordsKept);
    }

    [Fact]
    public void Read_GzippedFile_GivesSameRecordsAsPlain()
    {
        var gzipped = ProteinTestFiles.Gzip(ProteinTestFiles.RefogFasta);

        var plain = ProteinTestFiles.ReadAll(ProteinTestFiles.RefogFasta, ProteinCleaningPolicy.Standard, out _);
        var unzipped = ProteinTestFiles.ReadAll(gzipped, ProteinCleaningPolicy.Standard, out var report);

        Assert.Equal(plain.Count, unzipped.Count);
        Assert.Equal(
            plain.Select(r => (r.ProteinId, r.HeaderLineNumber, r.Sequence)),
            unzipped.Select(r => (r.ProteinId, r.HeaderLineNumber, r.Sequence)));
        Assert.Equal(2, report.RecordsDropped);
    }

    [Fact]
    public void Read_TruncatedGzip_ThrowsNamingFile()
    {
        var gzipped = ProteinTestFiles.Gzip(ProteinTestFiles.RefogFasta);
        var bytes = File.ReadAllBytes(gzipped);
        File.WriteAllBytes(gzipped, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<DataFormatException>(
            () => ProteinTestFiles.ReadAll(gzipped, ProteinCleaningPolicy.Standard, out _));

        Assert.Equal(gzipped, error.FilePath);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidUtf8_ThrowsNamingFileAndLine()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "proteins.fa");
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes(">p1\nMKV\nMK"), 0xFF, 0xFE, (byte)'\n']);

        var error = Assert.Throws<DataFormatException>(
            () => ProteinTestFiles.ReadAll(path, ProteinCleaningPolicy.Standard, out _));

        Assert.Equal(path, error.FilePath);
        Assert.Equal("line 3", error.Location);
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SequenceBeforeFirstHeader_ThrowsNamingLine()
    {
        var path = ProteinTestFiles.Write("\nMKV\n>p1\nMKV\n");

        var error = Assert.Throws<DataFormatException>(
            () => ProteinTestFiles.ReadAll(path, ProteinCleaningPolicy.Standard, out _));

        Assert.Equal(path, error.FilePath);
        Assert.Equal("line 2", error.Location);
        Assert.Contains("before the first '>' header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyHeader_ThrowsNamingLine()
    {
        foreach (var header in new[] { ">", ">  " })
        {
            var path = ProteinTestFiles.Write($">p1\nMKV\n{header}\nMKV\n");

            var error = Assert.Throws<DataFormatException>(
                () => ProteinTestFiles.ReadAll(path, ProteinCleaningPolicy.Standard, out _));

            Assert.Equal(path, error.FilePath);
            Assert.Equal("line 3", error.Location);
            Assert.Contains("empty header", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Read_EmptyRecordStrict_ThrowsNamingHeaderLine()
    {
        foreach (var (text, line) in new[] { (">p1\n>p2\nMKV\n", 1), (">p1\nMKV\n\n>p2\n\n", 4) })
        {
            var path = ProteinTestFiles.Write(text);

            var error = Assert.Throws<DataFormatException>(
                () => ProteinTestFiles.ReadAll(path, ProteinCleaningPolicy.Strict, out _));

            Assert.Equal(path, error.FilePath);
            Assert.Equal($"line {line}", error.Location);
            Assert.Contains("empty record", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Read_EmptyRecordStandard_DropsAndCounts()
    {
        var records = ProteinTestFiles.ReadText(">p1\n>p2\nMKV\n>p3\n", out var report);

        Assert.Equal(["p2"], records.Select(record => record.ProteinId));
        Assert.Equal(2, report.Count(ProteinCleaningReason.EmptySequence));
        Assert.Equal(
            [(1L, "p1"), (4L, "p3")],
            report.Examples(ProteinCleaningReason.EmptySequence).Select(e => (e.HeaderLineNumber, e.ProteinId)));
        Assert.Equal(3, report.RecordsRead);
    }

    [Fact]
    public void Read_WrappedSequenceWithBlankLinesAndCrlf_JoinsLines()
    {
        var records = ProteinTestFiles.ReadText("\r\n>p1 first\r\nMKV \r\n\r\nLLA\tG\r\n>p2\r\nW", out var report);

        Assert.Equal(
            [("p1", "MKVLLAG", 2L), ("p2", "W", 6L)],
            records.Select(r => (r.ProteinId, r.Sequence, r.HeaderLineNumber)));
        Assert.Equal("p1 first", records[0].Header);
        Assert.Equal(0, report.RecordsChanged);
    }

    [Fact]
    public void Read_EmptyFile_HasNoRecords()
    {
        var records = ProteinTestFiles.ReadText(string.Empty, out var report);

        Assert.Empty(records);
        Assert.Equal(0, report.RecordsRead);
    }

    [Fact]
    public void TryRead_BadInputLater_ThrowsOnlyWhenReached()
    {
        using var reader = new ProteinFastaReader(ProteinTestFiles.Write(">p1\nMKV\n>p2\nLLA\n>\nMKV\n"));

        Assert.True(reader.TryRead(out var first));
        Assert.Equal("p1", first.ProteinId);
        Assert.Equal(1, reader.Report.RecordsRead);
        Assert.Throws<DataFormatException>(() => reader.TryRead(out _));
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "absent.fa");

        Assert.Throws<FileNotFoundException>(() => new ProteinFastaReader(path));
    }
}
