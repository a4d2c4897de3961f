using PllmML.Data;
using PllmML.Pipeline;
using PllmML.Pipeline.Configuration;

namespace PllmML.Cli.Tests.Species;

/// <summary>
/// One <c>pllm run</c> of three species with two tables and a markers section, shared by the tests that read its
/// markers (MACHINERY, not pig biology: the "pig" is the held-out human donor human3 with human gene symbols, linked by an
/// identity table). The run starts on first use, so the other tests of a class that holds it pay nothing.
/// </summary>
public sealed class ThreeSpeciesMarkersRun : IDisposable
{
    private static readonly string[] SharedTypes = ["alpha", "beta", "delta", "macrophage", "stellate"];

    private readonly Lazy<RunResult> _result;

    /// <summary>Prepares the folder; the run starts on first use of <see cref="Result"/>.</summary>
    public ThreeSpeciesMarkersRun()
    {
        Folder = TestPaths.NewTempFolder();
        Identity = Path.Combine(Folder, "human_pig_identity.csv");
        _result = new Lazy<RunResult>(Execute, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The CACIMAR human–mouse table (the homology and the Ensembl stand-in).</summary>
    public static string Cacimar => TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv");

    /// <summary>The run's folder.</summary>
    public string Folder { get; }

    /// <summary>The human–"pig" identity table (written by the run).</summary>
    public string Identity { get; }

    /// <summary>The finished run.</summary>
    public RunResult Result => _result.Value;

    /// <summary>The run's integrated cells.</summary>
    public string Integrated => Result.Output.Integrated;

    /// <summary>The run's markers folder.</summary>
    public string Markers => Result.Output.Markers;

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, true);
        }
    }

    private RunResult Execute()
    {
        var human = DataFiles.ReadCells(TestPaths.Bundled("pancreas", "human.h5ad")).Data;
        var donors = human.Obs["donor"];
        var heldOut = human.SelectCells([.. Enumerable.Range(0, human.CellCount).Where(cell => donors.FormatValue(cell) == "human3")]);
        var pigCells = Path.Combine(Folder, "pig_machinery_test.h5ad");
        DataFiles.WriteCells(heldOut, pigCells);
        File.WriteAllLines(Identity, ["human gene name,pig gene name", .. heldOut.GeneNames.Select(gene => $"{gene},{gene}")]);
        var config = new RunConfiguration
        {
            Inputs =
            [
                new InputConfiguration { Path = TestPaths.Bundled("pancreas", "human.h5ad"), Species = "human", LabelKey = "cell_type" },
                new InputConfiguration { Path = TestPaths.Bundled("pancreas", "mouse.h5ad"), Species = "mouse", LabelKey = "cell_type" },
                new InputConfiguration { Path = pigCells, Species = "pig", LabelKey = "cell_type" },
            ],
            Homology = new HomologyConfiguration
            {
                ReferenceSpecies = "human",
                Tables = [new HomologyTableConfiguration { Path = Cacimar }, new HomologyTableConfiguration { Path = Identity, Species = "pig" }],
            },
            TrainSpecies = ["mouse"],
            KeepLabels = [.. SharedTypes],
            Evaluation = new EvaluationConfiguration { Pictures = false },
            Markers = new MarkersConfiguration { Ensembl = Cacimar },
        };

        return PllmRun.Execute(config, "in-code", Path.Combine(Folder, "out"));
    }
}
