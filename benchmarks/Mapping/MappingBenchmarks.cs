using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PllmML.Data;
using PllmML.Data.Embeddings;
using PllmML.Homology.Embeddings;
using PllmML.Kernels.Similarity;

namespace PllmML.Benchmarks.Mapping;

/// <summary>
/// Gene mapping at human × mouse scale: fused Pearson similarity + top-10 both ways, then mutual best hits and the
/// greedy one-to-one, on 2 threads. <c>Size</c> "20000x22000" is the full size; "5000x5500" a 1/16 scale for
/// busy machines. Run: <c>dotnet run -c Release --project benchmarks -- --filter *MappingBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class MappingBenchmarks
{
    private const int Width = 1280;
    private const int K = 10;
    private const int Threads = 2;

    private EmbeddingTable _genesA = null!;
    private EmbeddingTable _genesB = null!;
    private UnitEmbeddingPair _pair = null!;

    /// <summary>Genes of A × genes of B.</summary>
    [Params("5000x5500", "20000x22000")]
    public string Size { get; set; } = "5000x5500";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Size.Split('x');
        _genesA = Random(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), 1, "GENE");
        _genesB = Random(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), 2, "Gene");
        _pair = GeneSimilaritySearch.Prepare(_genesA, "a", _genesB, "b", SimilarityMetric.Pearson);
    }

    /// <summary>The kernel alone on prepared (normalised, packed) inputs: the GEMM-efficiency figure.</summary>
    [Benchmark]
    public SimilarityTopK SearchOnly()
    {
        using var search = new CpuSimilaritySearch(Threads);
        return search.Search(_pair, K);
    }

    /// <summary>The task end to end from embedding tables: normalise, search, MBH, greedy.</summary>
    [Benchmark(Baseline = true)]
    public int SearchMbhGreedy()
    {
        var neighbours = GeneSimilaritySearch.Search(
            _genesA, "a", _genesB, "b", new GeneSimilarityOptions { TopK = K, MaxThreads = Threads });
        return MutualBestHits.Find(neighbours).Count + GreedyMatching.Match(neighbours).Count;
    }

    private static EmbeddingTable Random(int rows, int seed, string prefix)
    {
        var random = new Random(seed);
        var values = new float[(long)rows * Width];
        for (long i = 0; i < values.Length; i++)
        {
            values[i] = (float)random.NextDouble();
        }

        return new EmbeddingTable(
            Enumerable.Range(0, rows).Select(i => $"{prefix}{i}").ToArray(), new DenseMatrix(rows, Width, values));
    }
}
