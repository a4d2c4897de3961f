using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PllmML.Evaluation;
using PllmML.Kernels.Neighbors;

namespace PllmML.Benchmarks.Evaluation;

/// <summary>
/// The evaluation at scale: synthetic cells (10 cell types as Gaussian blobs in 30 dimensions, two species offset
/// from each other), the size of a large atlas. One cold run per case (the cases take seconds to minutes).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1)]
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private EvaluationInput _input = null!;

    [Params(20_000, 100_000)]
    public int Cells { get; set; }

    [GlobalSetup]
    public void Setup() => _input = Synthetic(Cells, 30, 10, seed: 7);

    /// <summary>Exact 89-NN of every cell (LISI's neighbourhoods; the 15-NN graph is its prefix).</summary>
    [Benchmark]
    public NeighborGraph NearestNeighbors89() => ExactKnn.Search((double[])_input.Embedding, _input.Dimensions, 89);

    /// <summary>sklearn-exact silhouette of every cell against the cell types (N² distances, in tiles).</summary>
    [Benchmark]
    public double[] SilhouetteLabel() =>
        Silhouette.Samples((double[])_input.Embedding, _input.Dimensions, Enumerable.Range(0, _input.CellCount).ToArray(), _input.Labels.Codes);

    /// <summary>Every scib metric (with PCR against the same embedding as baseline).</summary>
    [Benchmark]
    public ScibReport AllScibMetrics() => ScibMetrics.Compute(_input, _input);

    /// <summary>kNN label transfer from one species to the other (k = 15).</summary>
    [Benchmark]
    public LabelTransferResult LabelTransferKnn() => LabelTransfer.Run(_input, "human", "mouse");

    /// <summary>UMAP to 2-D (200 epochs above 10,000 cells, as umap-learn).</summary>
    [Benchmark]
    public float[] Umap2D() => Umap.Embed(_input);

    internal static EvaluationInput Synthetic(int cells, int dimensions, int types, int seed)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, types * dimensions).Select(_ => random.NextDouble() * 12).ToArray();
        var values = new double[cells * dimensions];
        var labels = new string[cells];
        var batches = new string[cells];
        for (var i = 0; i < cells; i++)
        {
            var type = random.Next(types);
            var species = random.Next(2);
            labels[i] = $"type{type}";
            batches[i] = species == 0 ? "human" : "mouse";
            for (var t = 0; t < dimensions; t++)
            {
                var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                values[(i * dimensions) + t] = (float)(centres[(type * dimensions) + t] + (species * 0.8) + gaussian);
            }
        }

        return new EvaluationInput(cells, dimensions, values, new LabelCodes(labels), new LabelCodes(batches));
    }
}
