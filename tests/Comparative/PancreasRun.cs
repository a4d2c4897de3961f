using PllmML.Data;
using PllmML.Pipeline;
using PllmML.Pipeline.Configuration;

namespace PllmML.Comparative.Tests;

/// <summary>
/// The bundled pancreas run (<c>configs/pancreas-human-mouse.json</c>: fit, predict, markers, evaluate) once per test
/// class that uses it, with the Ensembl one-to-one table for the gene pairs when <c>../shared</c> is there. About a
/// minute on two cores: the biology tests, the scipy comparison and the report checks all read this one run.
/// </summary>
public sealed class PancreasRun
{
    public PancreasRun()
    {
        Folder = TestPaths.NewTempFolder();
        var configPath = Path.Combine(TestPaths.RepositoryRoot, "configs", "pancreas-human-mouse.json");
        var config = RunConfiguration.Read(configPath);
        var ensembl = TestPaths.Shared("orthologs", "ENS_O2O", "human_mice.csv");
        if (File.Exists(ensembl))
        {
            config.Markers!.Ensembl = ensembl;
        }

        config.Evaluation.Pictures = false;
        Result = PllmRun.Execute(config, configPath, Folder);
        Layout = new RunOutputLayout(Folder);
    }

    public string Folder { get; }

    public RunResult Result { get; }

    public RunOutputLayout Layout { get; }

    public string Markers(string file) => Path.Combine(Layout.Markers, file);

    /// <summary>A CSV written by the markers stage, as rows of fields (header first); no field in these files holds a comma.</summary>
    public List<string[]> ReadCsv(string file) => [.. File.ReadLines(Markers(file)).Select(line => line.Split(','))];

    public CellMatrix ReadIntegrated() => DataFiles.ReadCells(Layout.Integrated).Data;
}
