using Microsoft.ML;
using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Trainers.SingleCell;

namespace PllmML.Trainers.Tests.SingleCell;

/// <summary>
/// The bundled pancreas data restricted to the five cell types both species have (human 175, mouse 487 cells),
/// integrated on the bundled CACIMAR human–mouse table, classifier trained on mouse labels. Fitted once per run.
/// </summary>
internal static class PancreasModel
{
    public static readonly string[] CommonTypes = ["alpha", "beta", "delta", "macrophage", "stellate"];

    private static readonly Lazy<(SingleCellModel Model, CellMatrix Human, CellMatrix Mouse)> Fitted = new(Fit);

    public static SingleCellModel Model => Fitted.Value.Model;

    public static CellMatrix Human => Fitted.Value.Human;

    public static CellMatrix Mouse => Fitted.Value.Mouse;

    public static GenePairTable Pairs => OrthologTableReader.Read(TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv")).Pairs;

    public static CellMatrix CommonCells(string file)
    {
        var data = DataFiles.ReadCells(TestPaths.Bundled("pancreas", file)).Data;
        var types = data.Obs["cell_type"];
        return data.SelectCells([.. Enumerable.Range(0, data.CellCount).Where(cell => CommonTypes.Contains(types.FormatValue(cell)))]);
    }

    public static SingleCellModel Fit(CellMatrix human, CellMatrix mouse, int seed = 0) => SingleCellPipeline.Fit(
        new MLContext(seed),
        [new SpeciesData("human", human), new SpeciesData("mouse", mouse, LabelKey: "cell_type")],
        new Dictionary<string, GenePairTable> { ["mouse"] = Pairs },
        new SingleCellPipelineOptions { HomologySource = "OrthG_Hs_Mm.tsv", TrainSpecies = ["mouse"], Seed = seed });

    private static (SingleCellModel, CellMatrix, CellMatrix) Fit()
    {
        var human = CommonCells("human.h5ad");
        var mouse = CommonCells("mouse.h5ad");
        return (Fit(human, mouse), human, mouse);
    }
}
