using PllmML.Data.TenX;

namespace PllmML.Data.Tests.TenX;

public class TenXReaderBundledTests
{
    [Fact]
    public void Read_HumanPancreas_HasShapeSumAndStoredCount()
    {
        var result = TenXReader.ReadWithReport(TestPaths.Bundled("pancreas", "human_mtx"));
        var data = result.Data;

        Assert.Equal(175, data.CellCount);
        Assert.Equal(12_474, data.GeneCount);
        Assert.Equal(305_996, data.X.StoredCount);
        Assert.Equal(914_747, data.X.Sum());
        Assert.Equal(914_747, result.Report.TotalCount);
        Assert.Equal(305_996, result.Report.StoredCount);
        Assert.True(result.Report.IsInteger);
        Assert.False(result.Report.IsLegacyLayout);
        Assert.StartsWith("{\"format_version\": 2", result.Report.MetadataJson, StringComparison.Ordinal);
        Assert.Equal(0, result.Report.RenamedGeneCount);
        Assert.EndsWith("cells.tsv", result.Report.CellTableFile, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MousePancreas_HasShapeSumAndStoredCount()
    {
        var data = TenXReader.Read(TestPaths.Bundled("pancreas", "mouse_mtx"));

        Assert.Equal(822, data.CellCount);
        Assert.Equal(14_878, data.GeneCount);
        Assert.Equal(1_164_056, data.X.StoredCount);
        Assert.Equal(3_075_159, data.X.Sum());
        Assert.Contains("Nkx2-2", data.GeneNames);
        Assert.Contains("0610007P14Rik", data.GeneNames);
    }

    [Fact]
    public void Read_HumanPancreas_HasCellTypesFromCellTable()
    {
        var data = TenXReader.Read(TestPaths.Bundled("pancreas", "human_mtx"));

        Assert.Equal(["cell_type", "cell_type_original", "species", "donor", "sample"], data.Obs.ColumnNames);
        var counts = CountCategories(data, "cell_type");
        Assert.Equal(
            new Dictionary<string, int> { ["alpha"] = 35, ["beta"] = 35, ["delta"] = 35, ["macrophage"] = 35, ["stellate"] = 35 },
            counts);
        Assert.Equal("human1_lib2.final_cell_0143", data.CellNames[0]);
        Assert.Equal("delta", ((CategoricalColumn)data.Obs["cell_type"])[0]);
    }

    [Fact]
    public void Read_MousePancreas_HasCellTypesFromCellTable()
    {
        var data = TenXReader.Read(TestPaths.Bundled("pancreas", "mouse_mtx"));

        var expected = new Dictionary<string, int>
        {
            ["beta"] = 343, ["ductal"] = 236, ["delta"] = 85, ["endothelial"] = 72, ["stellate"] = 33,
            ["macrophage"] = 17, ["gamma"] = 14, ["alpha"] = 9, ["immune_other"] = 4, ["t_cell"] = 4,
            ["schwann"] = 3, ["b_cell"] = 2,
        };
        Assert.Equal(expected, CountCategories(data, "cell_type"));
        Assert.Equal(["mouse"], ((CategoricalColumn)data.Obs["species"]).Categories);
    }

    [Fact]
    public void Read_HumanPancreas_KeepsGeneIdsAndFeatureTypes()
    {
        var data = TenXReader.Read(TestPaths.Bundled("pancreas", "human_mtx"));

        Assert.Equal(["gene_ids", "feature_types"], data.Var.ColumnNames);
        Assert.Equal("A1CF", data.GeneNames[0]);
        Assert.Equal("A1CF", data.Var["gene_ids"].FormatValue(0));
        Assert.Equal(["Gene Expression"], ((CategoricalColumn)data.Var["feature_types"]).Categories);
        Assert.Contains("NKX2-2", data.GeneNames);
    }

    private static Dictionary<string, int> CountCategories(CellMatrix data, string column)
    {
        var categorical = Assert.IsType<CategoricalColumn>(data.Obs[column]);
        var counts = categorical.CountPerCategory();
        return categorical.Categories.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => counts[p.i]);
    }
}
