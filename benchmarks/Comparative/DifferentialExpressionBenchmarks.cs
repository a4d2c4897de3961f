using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PllmML.Comparative;
using PllmML.Data;

namespace PllmML.Benchmarks.Comparative;

/// <summary>
/// Every gene × every cell type of one species against the rest (Wilcoxon rank-sum with the sparse one-versus-rest
/// kernel, log2FC, pct, BH): synthetic counts of 2,000 genes, 10 types, about 10 % non-zero, the sparsity of 10x data.
/// One cold run per case.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1)]
[MemoryDiagnoser]
public class DifferentialExpressionBenchmarks
{
    private SpeciesExpression _expression = null!;

    [Params(20_000, 100_000)]
    public int Cells { get; set; }

    [GlobalSetup]
    public void Setup() => _expression = Synthetic(Cells, 2_000, 10, seed: 3);

    /// <summary>FindAllMarkers with the filters off (every gene of every type tested).</summary>
    [Benchmark]
    public SpeciesMarkers AllGenesAllTypes() =>
        DifferentialExpression.FindAllMarkers(_expression, new ComparativeOptions { MinimumPct = 0, LogFcThreshold = 0 });

    /// <summary>Log-normalisation into the per-gene layout (what precedes the tests).</summary>
    [Benchmark]
    public SpeciesExpression Normalise() => Synthetic(Cells, 2_000, 10, seed: 3);

    internal static SpeciesExpression Synthetic(int cells, int genes, int types, int seed)
    {
        var random = new Random(seed);
        var builder = new CsrBuilder(cells, genes);
        var labels = new string[cells];
        for (var cell = 0; cell < cells; cell++)
        {
            var type = random.Next(types);
            labels[cell] = $"type{type}";
            for (var gene = 0; gene < genes; gene++)
            {
                var rate = gene % types == type ? 0.4 : 0.08;
                if (random.NextDouble() < rate)
                {
                    builder.Add(gene, 1 + random.Next(gene % types == type ? 12 : 4));
                }
            }

            builder.EndRow();
        }

        var x = builder.Build();
        return SpeciesExpression.Create(x, "human", Enumerable.Range(0, cells).ToArray(), labels, Enumerable.Range(0, genes).Select(g => $"G{g}").ToArray(), false, 10_000);
    }
}
