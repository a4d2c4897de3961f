using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Evaluation;
using PllmML.Trainers.SingleCell;
using PllmML.Transforms.SingleCell;

namespace PllmML.Deep.Tests;

/// <summary>
/// The bundled pancreas cells of the five types both species have (human 175, mouse 487) as scVI input: raw counts of
/// the shared gene space (CACIMAR one-to-one orthologs, human names), restricted to Seurat v3 variable genes chosen
/// with species as the batch (scanpy's <c>highly_variable_genes(flavor="seurat_v3", batch_key="species")</c>), species
/// as the batch covariate. Built once per run.
/// </summary>
internal sealed class PancreasCounts
{
    public static readonly string[] CommonTypes = ["alpha", "beta", "delta", "macrophage", "stellate"];

    private static readonly Lazy<PancreasCounts> Loaded = new(() => new PancreasCounts(2000));

    private PancreasCounts(int topGenes)
    {
        var human = CommonCells("human.h5ad");
        var mouse = CommonCells("mouse.h5ad");
        Human = human;
        Mouse = mouse;
        var pairs = OrthologTableReader.Read(TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv")).Pairs;
        Pairs = pairs;
        var space = SharedGeneSpace.Build(
            "human",
            new Dictionary<string, IReadOnlyList<string>> { ["human"] = human.GeneNames, ["mouse"] = mouse.GeneNames },
            new Dictionary<string, GenePairTable> { ["mouse"] = pairs },
            HomologyStrategy.OneToOne);
        var features = space.Features.Count;
        var cells = human.CellCount + mouse.CellCount;
        var dense = new float[cells * features];
        var row = 0;
        foreach (var (name, data) in new[] { ("human", human), ("mouse", mouse) })
        {
            var map = space[name];
            var positions = data.Var.NameToPosition();
            var modelPositions = map.ModelGenes.Select(gene => positions[gene]).ToArray();
            var counts = new float[map.ModelGenes.Count];
            var cellRow = new float[data.GeneCount];
            for (var cell = 0; cell < data.CellCount; cell++, row++)
            {
                Array.Clear(cellRow);
                var columns = data.X.RowColumns(cell);
                var values = data.X.RowValues(cell);
                for (var e = 0; e < columns.Length; e++)
                {
                    cellRow[columns[e]] = values[e];
                }

                for (var g = 0; g < modelPositions.Length; g++)
                {
                    counts[g] = cellRow[modelPositions[g]];
                }

                map.Apply(counts, dense.AsSpan(row * features, features));
            }
        }

        Species = [.. Enumerable.Repeat("human", human.CellCount), .. Enumerable.Repeat("mouse", mouse.CellCount)];
        Types = [.. TypesOf(human), .. TypesOf(mouse)];
        var speciesCodes = Species.Select(s => s == "human" ? 0 : 1).ToArray();
        var shared = CsrMatrix.FromDense(cells, features, dense);
        var variable = SeuratV3VariableGenes.Select(shared, speciesCodes, 2, topGenes).Selected;
        Genes = [.. variable.Select(g => space.Features[g])];
        SharedGeneCount = features;
        Data = new ScviTrainingData(shared.SelectColumns(variable), speciesCodes, 2);
    }

    public static PancreasCounts Instance => Loaded.Value;

    public ScviTrainingData Data { get; }

    public string[] Species { get; }

    public string[] Types { get; }

    public string[] Genes { get; }

    public int SharedGeneCount { get; }

    public CellMatrix Human { get; }

    public CellMatrix Mouse { get; }

    public GenePairTable Pairs { get; }

    /// <summary>
    /// The current default pipeline on the same cells (log-normalisation, 2,000 Seurat v3 genes by species, scaling,
    /// 50 PCs, Harmony, classifier on mouse): its joint embedding <c>X_pllm</c>, human cells first, and the fit time.
    /// </summary>
    public (float[] Embedding, int Dimensions, TimeSpan FitTime) HarmonyEmbedding()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        SpeciesData[] inputs = [new SpeciesData("human", Human, LabelKey: "cell_type"), new SpeciesData("mouse", Mouse, LabelKey: "cell_type")];
        var model = SingleCellPipeline.Fit(
            new Microsoft.ML.MLContext(0), inputs, new Dictionary<string, GenePairTable> { ["mouse"] = Pairs },
            new SingleCellPipelineOptions { HomologySource = "OrthG_Hs_Mm.tsv", TrainSpecies = ["mouse"] });
        var fit = watch.Elapsed;
        var embedding = model.Integrate(inputs, "cell_type").Obsm[OutputKeys.IntegratedEmbedding];
        return ([.. embedding.Values], embedding.ColumnCount, fit);
    }

    /// <summary>Evaluates an embedding (cells × dimensions) as the run's report does (no pictures).</summary>
    public EvaluationResult Evaluate(float[] embedding, int dimensions)
    {
        var input = new EvaluationInput(Species.Length, dimensions, [.. embedding.Select(v => (double)v)], new LabelCodes(Types), new LabelCodes(Species));
        return Evaluator.Run(new EvaluationRequest(input) { DrawPictures = false });
    }

    private static CellMatrix CommonCells(string file)
    {
        var data = DataFiles.ReadCells(TestPaths.Bundled("pancreas", file)).Data;
        var types = data.Obs["cell_type"];
        return data.SelectCells([.. Enumerable.Range(0, data.CellCount).Where(cell => CommonTypes.Contains(types.FormatValue(cell)))]);
    }

    private static IEnumerable<string> TypesOf(CellMatrix cells) =>
        Enumerable.Range(0, cells.CellCount).Select(cell => cells.Obs["cell_type"].FormatValue(cell));
}
