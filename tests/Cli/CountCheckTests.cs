using PllmML.Data;
using PllmML.Pipeline;

namespace PllmML.Cli.Tests;

/// <summary>
/// The counts check names the first value that is not a whole number, wherever it lies in the stored values (the check
/// compares thousands of values with their rounding at a time, then searches the chunk that differs).
/// </summary>
public sealed class CountCheckTests
{
    [Theory]
    [InlineData(0, 0, 2.5f)]
    [InlineData(0, 4095, 0.25f)]     // the last value of the first chunk
    [InlineData(0, 4096, 7.5f)]      // the first value of the second chunk
    [InlineData(1, 3191, 3.75f)]     // the last value of the second chunk (stored value 8,191)
    [InlineData(2, 2999, float.NaN)] // NaN is not a count either
    public void Check_NamesTheFirstFractionalValue(int cell, int gene, float value)
    {
        const int genes = 5000;
        var dense = new float[3 * genes];
        for (var k = 0; k < dense.Length; k++)
        {
            dense[k] = (k % 7) + 1; // every value stored, so stored value k is cell k / 5000, gene k % 5000
        }

        dense[(cell * genes) + gene] = value;
        dense[(2 * genes) + 4999] = 0.5f; // a later fractional value is not the one named
        var obs = new AnnotationTable(["c0", "c1", "c2"]);
        var var = new AnnotationTable([.. Enumerable.Range(0, genes).Select(g => $"g{g}")]);
        var counts = new CellMatrix(CsrMatrix.FromDense(3, genes, dense), obs, var);

        var warning = CountMatrix.Check(counts, counts, null, "cells.h5ad");

        Assert.NotNull(warning);
        Assert.Contains($"for cell c{cell}, gene g{gene}", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WholeNumbers_GiveNoWarning()
    {
        var dense = Enumerable.Range(0, 3 * 5000).Select(k => (float)(k % 11)).ToArray();
        var obs = new AnnotationTable(["c0", "c1", "c2"]);
        var var = new AnnotationTable([.. Enumerable.Range(0, 5000).Select(g => $"g{g}")]);
        var counts = new CellMatrix(CsrMatrix.FromDense(3, 5000, dense), obs, var);

        Assert.Null(CountMatrix.Check(counts, counts, null, "cells.h5ad"));
    }
}
