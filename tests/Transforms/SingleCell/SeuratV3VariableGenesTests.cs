using PllmML.Data;
using PllmML.Transforms.SingleCell;

namespace PllmML.Transforms.Tests.SingleCell;

public sealed class SeuratV3VariableGenesTests
{
    [Fact]
    public void Select_Synthetic_MatchesNumpyReference()
    {
        var fixture = Fixtures.SeuratV3;
        var cells = fixture.GetProperty("cells").GetInt32();
        var genes = fixture.GetProperty("genes").GetInt32();
        var counts = CsrMatrix.FromDense(cells, genes, Fixtures.Doubles(fixture.GetProperty("counts")).Select(v => (float)v).ToArray());
        var batches = fixture.GetProperty("batches").EnumerateArray().Select(value => value.GetInt32()).ToArray();
        var expected = fixture.GetProperty("result");

        var result = SeuratV3VariableGenes.Select(counts, batches, 2, fixture.GetProperty("nTop").GetInt32());

        Fixtures.AssertClose(Fixtures.Doubles(expected.GetProperty("means")), result.Means, 1e-12, "means");
        Fixtures.AssertClose(Fixtures.Doubles(expected.GetProperty("variances")), result.Variances, 1e-10, "variances");
        Fixtures.AssertClose(Fixtures.Doubles(expected.GetProperty("variancesNorm")), result.VariancesNorm, 1e-8, "variances_norm");
        Fixtures.AssertClose(Fixtures.Doubles(expected.GetProperty("rank")), result.Rank, 0, "rank");
        Assert.Equal(expected.GetProperty("nbatches").EnumerateArray().Select(value => value.GetInt32()), result.BatchesHighlyVariable);
        Assert.Equal(expected.GetProperty("selected").EnumerateArray().Select(value => value.GetInt32()), result.Selected);
    }

    [Fact]
    public void Select_BatchWithOneCell_IsRefused()
    {
        var counts = CsrMatrix.FromDense(3, 2, [1, 2, 3, 4, 5, 6]);
        var error = Assert.Throws<ArgumentException>(() => SeuratV3VariableGenes.Select(counts, [0, 0, 1], 2, 1));
        Assert.Contains("Batch 1 has 1 cells", error.Message, StringComparison.Ordinal);
    }

    [SklearnFact]
    public void Select_Pancreas_MatchesNumpyReference()
    {
        var (counts, species) = PancreasData.SharedCounts(PancreasData.GeneSpace());
        var folder = TestPaths.NewTempFolder();
        var countsFile = Path.Combine(folder, "counts.f32");
        var batchFile = Path.Combine(folder, "batch.i32");
        var output = Path.Combine(folder, "out.json");
        File.WriteAllBytes(countsFile, System.Runtime.InteropServices.MemoryMarshal.AsBytes(counts.ToDense().AsSpan()).ToArray());
        File.WriteAllBytes(batchFile, System.Runtime.InteropServices.MemoryMarshal.AsBytes(species.AsSpan()).ToArray());
        PythonPeer.Run(Fixtures.Path("seurat_v3_reference.py"), "run", countsFile, batchFile,
            counts.RowCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            counts.ColumnCount.ToString(System.Globalization.CultureInfo.InvariantCulture), "2000", output);
        using var expected = System.Text.Json.JsonDocument.Parse(File.ReadAllText(output));

        var result = SeuratV3VariableGenes.Select(counts, species, 2, 2000);

        Fixtures.AssertClose(Fixtures.Doubles(expected.RootElement.GetProperty("variancesNorm")), result.VariancesNorm, 1e-7, "variances_norm");
        var expectedSelected = expected.RootElement.GetProperty("selected").EnumerateArray().Select(value => value.GetInt32()).ToArray();
        Assert.Equal(expectedSelected, result.Selected);
        Directory.Delete(folder, true);
    }
}
