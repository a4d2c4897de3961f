using PllmML.Data;

namespace PllmML.Comparative.Tests;

/// <summary>What the analysis refuses, skips and reports instead of crashing.</summary>
public class BadInputTests
{
    private static readonly ComparativeOptions Options = new() { MinimumPct = 0, LogFcThreshold = 0 };

    [Fact]
    public void NonCountX_IsRefusedNamingTheFileAndX_UnlessDeclaredLogNormalised()
    {
        var cells = SyntheticCells.Create(("human", "alpha", 20), ("human", "beta", 20), ("mouse", "alpha", 20), ("mouse", "beta", 20));
        var values = cells.X.Values;
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = MathF.Log(1 + values[k]);
        }

        var error = Assert.Throws<DataFormatException>(() => ComparativeAnalysis.Run(cells, "cells.h5ad", Options));
        Assert.Equal("cells.h5ad", error.FilePath);
        Assert.Equal("X", error.Location);
        Assert.Contains("raw counts", error.Problem, StringComparison.Ordinal);
        var result = ComparativeAnalysis.Run(cells, "cells.h5ad", new ComparativeOptions { XIsLogNormalized = true, MinimumPct = 0, LogFcThreshold = 0 });
        Assert.NotEmpty(result.Conserved);
    }

    [Fact]
    public void TypeWithFewerThanThreeCells_IsSkippedThereAndListed_AndOneSpeciesTypeIsSpeciesSpecific()
    {
        var cells = SyntheticCells.Create(
            ("human", "alpha", 30), ("human", "beta", 30), ("human", "delta", 2), ("human", "acinar", 12),
            ("mouse", "alpha", 30), ("mouse", "beta", 30), ("mouse", "delta", 25));
        var folder = TestPaths.NewTempFolder();
        var result = ComparativeAnalysis.Run(cells, "cells.h5ad", Options);
        ComparativeWriter.Write(result, folder);

        var delta = Assert.Single(result.Skipped, s => s.CellType == "delta" && s.Species == "human");
        Assert.Equal(2, delta.Cells);
        Assert.Contains("fewer than 3 cells", delta.Reason, StringComparison.Ordinal);
        var acinar = Assert.Single(result.Skipped, s => s.CellType == "acinar");
        Assert.Contains("species-specific", acinar.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Conserved, m => m.CellType is "delta" or "acinar");
        Assert.Contains("acinar", result.Markers.First(m => m.Species == "human").Markers.Keys);
        Assert.Contains(result.BestMatches, b => b.Species == "human" && b.CellType == "acinar");
        Assert.DoesNotContain(result.BestMatches, b => b.CellType == "delta" && b.Species == "human");
        var skipped = File.ReadAllLines(Path.Combine(folder, "skipped_cell_types.csv"));
        Assert.Equal("species,cell_type,cells,reason", skipped[0]);
        Assert.Contains(skipped, line => line.StartsWith("human,delta,2,", StringComparison.Ordinal));
        Assert.Contains(skipped, line => line.StartsWith("human,acinar,12,", StringComparison.Ordinal));
        Assert.Contains("acinar", File.ReadAllText(Path.Combine(folder, "markers.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void OneSpecies_OrAMissingColumn_IsADataFormatErrorNamingTheColumn()
    {
        var one = SyntheticCells.Create(("human", "alpha", 10), ("human", "beta", 10));
        var error = Assert.Throws<DataFormatException>(() => ComparativeAnalysis.Run(one, "one.h5ad", Options));
        Assert.Equal("obs/species", error.Location);
        var missing = Assert.Throws<DataFormatException>(() => ComparativeAnalysis.Run(one, "one.h5ad", new ComparativeOptions { LabelKey = "celltype" }));
        Assert.Equal("obs/celltype", missing.Location);
        Assert.Contains("cell_type", missing.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void PlantedMarkers_AreTheTopConservedMarkers_AndAlignmentFindsTheSameType()
    {
        var cells = SyntheticCells.Create(("human", "alpha", 25), ("human", "beta", 25), ("mouse", "alpha", 40), ("mouse", "beta", 30));
        var result = ComparativeAnalysis.Run(cells, "cells.h5ad", Options);
        Assert.Equal(["G0", "G1", "G2"], result.TopConserved("alpha", 3).Select(m => m.Gene).Order());
        Assert.Equal(["G5", "G6", "G7"], result.TopConserved("beta", 3).Select(m => m.Gene).Order());
        var alignment = Assert.Single(result.Alignment);
        Assert.Equal(1.0, alignment["alpha", "alpha"], 12);
        Assert.Equal(0.0, alignment["alpha", "beta"], 12);
    }
}
