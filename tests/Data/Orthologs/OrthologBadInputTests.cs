using PllmML.Data.Orthologs;

namespace PllmML.Data.Tests.Orthologs;

public class OrthologBadInputTests
{
    private const string GoodRow = "TP53\tTrp53\tortholog_one2one\t77.5\t78.1\t100\t100\t1";

    [Fact]
    public void Biomart_MissingColumn_ListsColumnsFound()
    {
        var header = OrthologTestFiles.BiomartHeader.Replace(
            "\t%id. query gene identical to target Mouse gene", string.Empty, StringComparison.Ordinal);
        var path = OrthologTestFiles.Write("m2m.txt", header);

        var error = Assert.Throws<DataFormatException>(() => BiomartTableReader.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal("line 1", error.Location);
        Assert.Contains("'%id. query gene identical to target Mouse gene'", error.Problem, StringComparison.Ordinal);
        Assert.Contains("the columns found are: 'Gene name', 'Mouse gene name'", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Biomart_NonNumericIdentity_NamesLineAndColumn()
    {
        var path = OrthologTestFiles.Write(
            "m2m.txt", OrthologTestFiles.BiomartHeader, GoodRow, "BRCA1\tBrca1\tortholog_one2one\t55.2\tn/a\t\t\t1");

        var error = Assert.Throws<DataFormatException>(() => OrthologTableReader.Read(path));

        Assert.Equal("line 3", error.Location);
        Assert.Contains("column 5 '%id. query gene identical to target Mouse gene'", error.Problem, StringComparison.Ordinal);
        Assert.Contains("'n/a'", error.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"{path}, line 3: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Biomart_NonIntegerConfidence_NamesColumn()
    {
        var path = OrthologTestFiles.Write(
            "m2m.txt", OrthologTestFiles.BiomartHeader, "TP53\tTrp53\tortholog_one2one\t77.5\t78.1\t\t\t0.5");

        var error = Assert.Throws<DataFormatException>(() => BiomartTableReader.Read(path));

        Assert.Equal("line 2", error.Location);
        Assert.Contains("column 8 'Mouse orthology confidence [0 low, 1 high]'", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Biomart_RaggedRow_NamesLine()
    {
        var path = OrthologTestFiles.Write(
            "m2m.txt", OrthologTestFiles.BiomartHeader, GoodRow, GoodRow, "MT-TF\t\t");

        var error = Assert.Throws<DataFormatException>(() => BiomartTableReader.Read(path));

        Assert.Equal("line 4", error.Location);
        Assert.Contains("3 fields but the header has 8 columns", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void PairTable_RaggedRow_NamesLine()
    {
        var path = OrthologTestFiles.Write("pairs.csv", "human gene name,mice gene name", "A,a", "B,b,0.3");

        var error = Assert.Throws<DataFormatException>(() => GenePairTableReader.Read(path));

        Assert.Equal("line 3", error.Location);
    }

    [Fact]
    public void PairTable_NonNumericScore_NamesLineAndColumn()
    {
        var path = OrthologTestFiles.Write("pairs.csv", "A,B,score", "x,y,", "u,v,0.5", "z,w,only_in_union");

        var error = Assert.Throws<DataFormatException>(() => OrthologTableReader.Read(path));

        Assert.Equal("line 4", error.Location);
        Assert.Contains("column 3 'score'", error.Problem, StringComparison.Ordinal);
        Assert.Contains("'only_in_union'", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void PairTable_ThirdGeneColumn_IsRejected()
    {
        var path = OrthologTestFiles.Write(
            "three.csv", "human gene name,mice gene name,pig gene name", "C17orf49,0610010K14Rik,C17orf49");

        var error = Assert.Throws<DataFormatException>(() => GenePairTableReader.Read(path));

        Assert.Contains("third gene column", error.Problem, StringComparison.Ordinal);
        Assert.Contains(nameof(MultiSpeciesGeneTableReader), error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void MultiSpecies_NonGeneColumn_ListsColumns()
    {
        var path = OrthologTestFiles.Write(
            "three.csv", "human gene name,mice gene name,pig gene name,score", "A,a,A,0.5");

        var error = Assert.Throws<DataFormatException>(() => OrthologTableReader.Read(path));

        Assert.Equal("line 1", error.Location);
        Assert.Contains("column 4 'score' is not a gene column", error.Problem, StringComparison.Ordinal);
        Assert.Contains("the columns found are: 'human gene name'", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void MultiSpecies_EmptyGeneOrRaggedRow_NamesLineAndColumn()
    {
        var header = "human gene name,mice gene name,pig gene name";
        var emptyGene = OrthologTestFiles.Write("empty.csv", header, "A,a,A", "B,,B");
        var ragged = OrthologTestFiles.Write("ragged.csv", header, "A,a,A", "B,b");

        var emptyError = Assert.Throws<DataFormatException>(() => MultiSpeciesGeneTableReader.Read(emptyGene));
        var raggedError = Assert.Throws<DataFormatException>(() => MultiSpeciesGeneTableReader.Read(ragged));

        Assert.Equal("line 3", emptyError.Location);
        Assert.Contains("column 2 'mice gene name' is empty", emptyError.Problem, StringComparison.Ordinal);
        Assert.Equal("line 3", raggedError.Location);
        Assert.Contains("2 fields but the header has 3 columns", raggedError.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void DetectKind_LicenseText_IsNotATable()
    {
        var oneColumn = OrthologTestFiles.Write(
            "LICENSE", "MIT License", string.Empty, "Copyright (c) 2021 CCtMR authors");
        var commas = OrthologTestFiles.Write(
            "LICENSE.txt",
            "Copyright (c) 2021, CCtMR authors",
            string.Empty,
            "Permission is hereby granted, free of charge, to any person obtaining a copy");

        var first = Assert.Throws<DataFormatException>(() => OrthologTableReader.DetectKind(oneColumn));
        var second = Assert.Throws<DataFormatException>(() => OrthologTableReader.DetectKind(commas));

        Assert.Equal((oneColumn, "line 1"), (first.FilePath, first.Location));
        Assert.StartsWith("not an ortholog table: ", first.Problem, StringComparison.Ordinal);
        Assert.Contains("one column", first.Problem, StringComparison.Ordinal);
        Assert.Equal((commas, "line 3"), (second.FilePath, second.Location));
        Assert.StartsWith("not an ortholog table: ", second.Problem, StringComparison.Ordinal);
        Assert.Contains("3 fields but the header has 2 columns", second.Problem, StringComparison.Ordinal);
        Assert.Throws<DataFormatException>(() => OrthologTableReader.Read(commas));
    }

    [Fact]
    public void DetectKind_Markdown_IsNotATable()
    {
        var heading = OrthologTestFiles.Write(
            "README.md", "# Gene ortholog tables", string.Empty, "Gene-symbol ortholog maps, for converting genes.");
        var commaHeading = OrthologTestFiles.Write(
            "NOTES.md",
            "# Gene ortholog tables: human, mouse, pig",
            string.Empty,
            "Gene-symbol ortholog maps for converting one species' genes to another's before integration.",
            "| file | rows |");

        var first = Assert.Throws<DataFormatException>(() => OrthologTableReader.DetectKind(heading));
        var second = Assert.Throws<DataFormatException>(() => OrthologTableReader.Read(commaHeading));

        Assert.Equal((heading, "line 1"), (first.FilePath, first.Location));
        Assert.StartsWith("not an ortholog table: ", first.Problem, StringComparison.Ordinal);
        Assert.Equal((commaHeading, "line 3"), (second.FilePath, second.Location));
        Assert.StartsWith("not an ortholog table: ", second.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"{commaHeading}, line 3: not an ortholog table", second.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void DetectKind_SharedReadmeAndLicense_AreNotTables()
    {
        foreach (var path in new[]
        {
            OrthologTestFiles.Shared("README.md"),
            OrthologTestFiles.Shared("CACIMAR", "LICENSE"),
            OrthologTestFiles.Shared("CACIMAR", "LICENSE.md"),
        })
        {
            var error = Assert.Throws<DataFormatException>(() => OrthologTableReader.DetectKind(path));
            Assert.Equal(path, error.FilePath);
            Assert.StartsWith("not an ortholog table: ", error.Problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DetectKind_UnclosedQuoteOnFirstDataLine_IsNotATable()
    {
        var path = OrthologTestFiles.Write("notes.csv", "A,B", "\"TP53,Trp53");

        var error = Assert.Throws<DataFormatException>(() => OrthologTableReader.DetectKind(path));

        Assert.Equal("line 2", error.Location);
        Assert.StartsWith("not an ortholog table: the first data line cannot be split", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void PairTable_OneColumnOrEmptyGene_IsRejected()
    {
        var oneColumn = OrthologTestFiles.Write("one.csv", "gene", "TP53");
        var emptyGene = OrthologTestFiles.Write("empty-gene.csv", "A,B", "TP53,");

        Assert.Contains("one column", Assert.Throws<DataFormatException>(() => OrthologTableReader.Read(oneColumn)).Problem, StringComparison.Ordinal);
        Assert.Equal("line 2", Assert.Throws<DataFormatException>(() => GenePairTableReader.Read(emptyGene)).Location);
    }

    [Fact]
    public void UnclosedQuote_NamesLine()
    {
        var path = OrthologTestFiles.Write("pairs.csv", "A,B", "\"TP53,Trp53");

        var error = Assert.Throws<DataFormatException>(() => GenePairTableReader.Read(path));

        Assert.Equal("line 2", error.Location);
    }

    [Fact]
    public void TruncatedGzip_Throws()
    {
        var lines = new[] { OrthologTestFiles.BiomartHeader }.Concat(Enumerable.Repeat(GoodRow, 2000)).ToArray();
        var gzip = OrthologTestFiles.Gzip(OrthologTestFiles.Write("m2m.txt", lines));
        var bytes = File.ReadAllBytes(gzip);
        File.WriteAllBytes(gzip, bytes[..(bytes.Length - 12)]);

        var error = Assert.Throws<DataFormatException>(() => OrthologTableReader.Read(gzip));

        Assert.Equal(gzip, error.FilePath);
    }

    [Fact]
    public void EmptyFile_Throws()
    {
        var path = OrthologTestFiles.Write("empty.csv");

        Assert.Contains("empty", Assert.Throws<DataFormatException>(() => OrthologTableReader.Read(path)).Problem, StringComparison.Ordinal);
        Assert.Throws<DataFormatException>(() => BiomartTableReader.Read(path));
        Assert.Throws<DataFormatException>(() => GenePairTableReader.Read(path));
        Assert.Throws<DataFormatException>(() => CacimarTableReader.Read(path));
    }

    [Fact]
    public void MissingFile_ThrowsFileNotFound()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "absent.csv");

        Assert.Throws<FileNotFoundException>(() => OrthologTableReader.Read(path));
    }

    [Fact]
    public void HeaderOnly_GivesEmptyTables()
    {
        var biomart = OrthologTableReader.Read(OrthologTestFiles.Write("m2m.txt", OrthologTestFiles.BiomartHeader));
        var pairs = OrthologTableReader.Read(OrthologTestFiles.Write("pairs.csv", "Gene name,Mouse gene name"));
        var cacimar = OrthologTableReader.Read(
            OrthologTestFiles.Write("orth.tsv", "Type\ths_ID\ths_Symbol\tmm_ID\tmm_Symbol"));

        Assert.Equal(OrthologTableKind.Biomart, biomart.Kind);
        Assert.Empty(biomart.Biomart!.Rows);
        Assert.Equal(OrthologTableKind.GenePairs, pairs.Kind);
        Assert.Equal(0, pairs.Summarize().Rows);
        Assert.Equal(OrthologTableKind.Cacimar, cacimar.Kind);
        Assert.Empty(cacimar.Pairs.Pairs);
    }

    [Fact]
    public void Biomart_TwoTargetSpecies_IsRejected()
    {
        var path = OrthologTestFiles.Write(
            "m2m.txt", OrthologTestFiles.BiomartHeader + "\tPig gene name\tPig homology type");

        var error = Assert.Throws<DataFormatException>(() => BiomartTableReader.Read(path));

        Assert.Contains("one target species", error.Problem, StringComparison.Ordinal);
    }
}
