using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.ML;
using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Kernels.LinearAlgebra;
using PllmML.Trainers.Integration;
using PllmML.Trainers.SingleCell;
using PllmML.Transforms.SingleCell;

namespace PllmML.Benchmarks.Integration;

/// <summary>
/// Fit time of each stage on the generated two-species data (100,000 cells, 2,000 genes, 10 cell types), each stage
/// on the previous stage's output prepared in setup, plus the whole ML.NET chain. Single-shot (fitting is minutes).
/// Peak working set is printed after each benchmark.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1)]
[MemoryDiagnoser]
public class PipelineFitBenchmarks
{
    private SpeciesData _human = null!;
    private SpeciesData _mouse = null!;
    private GenePairTable _pairs = null!;
    private SharedGeneSpace _space = null!;
    private CsrMatrix _shared = null!;
    private int[] _batch = [];
    private float[] _variable = [];
    private int _selected;
    private float[] _scaled = [];
    private float[] _pca = [];
    private string[] _species = [];

    /// <summary>Cells (half per species).</summary>
    [Params(100_000)]
    public int Cells { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_human, _mouse, _pairs, _) = SyntheticSpecies.Generate(Cells, 2000, 10, 7);
        _space = BuildSpace();
        (_shared, _batch) = SharedCounts();
        var selection = SeuratV3VariableGenes.Select(_shared, _batch, 2, 2000);
        _selected = selection.Selected.Length;
        _variable = Normalised(selection.Selected);
        var scaling = GeneScaling.Fit(_variable, Cells, _selected);
        _scaled = (float[])_variable.Clone();
        for (var cell = 0; cell < Cells; cell++)
        {
            scaling.Apply(_scaled.AsSpan(cell * _selected, _selected), _scaled.AsSpan(cell * _selected, _selected));
        }

        var pca = PrincipalComponents.Fit(_scaled, Cells, _selected, 50);
        _pca = new float[Cells * 50];
        for (var cell = 0; cell < Cells; cell++)
        {
            pca.Project(_scaled.AsSpan(cell * _selected, _selected), _pca.AsSpan(cell * 50, 50));
        }

        _species = _batch.Select(b => b == 0 ? "human" : "mouse").ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => Console.WriteLine($"// peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MiB");

    [Benchmark]
    public SharedGeneSpace SharedGeneSpaceBuild() => BuildSpace();

    [Benchmark]
    public CsrMatrix SharedCountsAndLogNormalize()
    {
        var (counts, _) = SharedCounts();
        var row = new float[counts.ColumnCount];
        var normalized = new float[counts.ColumnCount];
        for (var cell = 0; cell < counts.RowCount; cell++)
        {
            row.AsSpan().Clear();
            var columns = counts.RowColumns(cell);
            var values = counts.RowValues(cell);
            for (var k = 0; k < columns.Length; k++)
            {
                row[columns[k]] = values[k];
            }

            LogNormalization.Apply(row, normalized, 1e4f);
        }

        return counts;
    }

    [Benchmark]
    public VariableGeneSelection HighlyVariableGenes() => SeuratV3VariableGenes.Select(_shared, _batch, 2, 2000);

    [Benchmark]
    public GeneScaling Scaling() => GeneScaling.Fit(_variable, Cells, _selected);

    [Benchmark]
    public PrincipalComponents Pca50() => PrincipalComponents.Fit(_scaled, Cells, _selected, 50);

    [Benchmark]
    public HarmonyResult Harmony() => Trainers.Integration.Harmony.Run(_pca, 50, [_species], ["species"]);

    [Benchmark]
    public SingleCellModel WholeChainMlNet()
    {
        var model = SingleCellPipeline.Fit(new MLContext(0), [_human, _mouse], new Dictionary<string, GenePairTable> { ["mouse"] = _pairs },
            new SingleCellPipelineOptions { TrainSpecies = ["mouse"] });
        foreach (var timing in model.Timings)
        {
            Console.WriteLine($"// stage {timing.Stage}: {timing.Elapsed.TotalSeconds:F1} s ({timing.Summary})");
        }

        return model;
    }

    private SharedGeneSpace BuildSpace() => SharedGeneSpace.Build(
        "human",
        new Dictionary<string, IReadOnlyList<string>> { ["human"] = _human.Cells.GeneNames, ["mouse"] = _mouse.Cells.GeneNames },
        new Dictionary<string, GenePairTable> { ["mouse"] = _pairs },
        HomologyStrategy.OneToOne);

    private (CsrMatrix Counts, int[] Batch) SharedCounts()
    {
        var pointers = new List<int> { 0 };
        var columns = new List<int>();
        var values = new List<float>();
        var batch = new List<int>();
        var shared = new float[_space.Features.Count];
        foreach (var (input, index) in new[] { (_human, 0), (_mouse, 1) })
        {
            var map = _space[input.Species];
            var position = input.Cells.Var.NameToPosition();
            var modelOf = new int[input.Cells.GeneCount];
            Array.Fill(modelOf, -1);
            for (var g = 0; g < map.ModelGenes.Count; g++)
            {
                modelOf[position[map.ModelGenes[g]]] = g;
            }

            var dense = new float[map.ModelGenes.Count];
            for (var cell = 0; cell < input.Cells.CellCount; cell++)
            {
                dense.AsSpan().Clear();
                var cols = input.Cells.X.RowColumns(cell);
                var vals = input.Cells.X.RowValues(cell);
                for (var k = 0; k < cols.Length; k++)
                {
                    if (modelOf[cols[k]] >= 0)
                    {
                        dense[modelOf[cols[k]]] = vals[k];
                    }
                }

                map.Apply(dense, shared);
                for (var f = 0; f < shared.Length; f++)
                {
                    if (shared[f] != 0)
                    {
                        columns.Add(f);
                        values.Add(shared[f]);
                    }
                }

                pointers.Add(columns.Count);
                batch.Add(index);
            }
        }

        return (new CsrMatrix(batch.Count, shared.Length, [.. pointers], [.. columns], [.. values]), [.. batch]);
    }

    private float[] Normalised(int[] selected)
    {
        var data = new float[Cells * selected.Length];
        var row = new float[_shared.ColumnCount];
        var normalized = new float[_shared.ColumnCount];
        for (var cell = 0; cell < Cells; cell++)
        {
            row.AsSpan().Clear();
            var columns = _shared.RowColumns(cell);
            var values = _shared.RowValues(cell);
            for (var k = 0; k < columns.Length; k++)
            {
                row[columns[k]] = values[k];
            }

            LogNormalization.Apply(row, normalized, 1e4f);
            for (var g = 0; g < selected.Length; g++)
            {
                data[(cell * selected.Length) + g] = normalized[selected[g]];
            }
        }

        return data;
    }
}
