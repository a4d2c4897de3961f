using PllmML.Pipeline.Configuration;

namespace PllmML.Comparative.Tests;

/// <summary>The <c>markers</c> section of a run configuration: read, resolved and validated field by field.</summary>
public class MarkersConfigurationTests
{
    [Theory]
    [InlineData("\"minPct\": 2", "markers.minPct")]
    [InlineData("\"minCells\": 0", "markers.minCells")]
    [InlineData("\"topMarkers\": 0", "markers.topMarkers")]
    [InlineData("\"ensembl\": \"missing.csv\"", "markers.ensembl")]
    [InlineData("\"combine\": \"Stouffer\"", "markers.combine")]
    public void OutOfRangeField_IsRefusedNamingTheFileAndTheJsonPath(string field, string path)
    {
        var config = WriteConfig($"{{ {field} }}");

        var error = Assert.Throws<RunConfigurationException>(() => RunConfiguration.Read(config));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(config, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Section_IsReadWithDefaults_AndTheBundledPancreasConfigHasIt()
    {
        var config = RunConfiguration.Read(WriteConfig("{ }"));
        Assert.NotNull(config.Markers);
        Assert.Equal(0.1, config.Markers.MinPct);
        Assert.Equal(3, config.Markers.MinCells);
        Assert.Null(RunConfiguration.Read(WriteConfig(null)).Markers);
        Assert.NotNull(RunConfiguration.Read(Path.Combine(TestPaths.RepositoryRoot, "configs", "pancreas-human-mouse.json")).Markers);
    }

    private static string WriteConfig(string? markers)
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "config.json");
        var data = TestPaths.Bundled().Replace("\\", "/", StringComparison.Ordinal);
        File.WriteAllText(path, $$"""
            {
              "inputs": [
                { "path": "{{data}}/pancreas/human.h5ad", "species": "human", "labelKey": "cell_type" },
                { "path": "{{data}}/pancreas/mouse.h5ad", "species": "mouse", "labelKey": "cell_type" }
              ],
              "homology": { "path": "{{data}}/orthologs/cacimar/OrthG_Hs_Mm.tsv", "strategy": "OneToOne", "referenceSpecies": "human" }
              {{(markers is null ? string.Empty : $", \"markers\": {markers}")}}
            }
            """);
        return path;
    }
}
