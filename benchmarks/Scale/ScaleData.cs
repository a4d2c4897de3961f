using System.Globalization;
using PllmML.Data;
using PllmML.Data.H5ad;
using PllmML.Data.Orthologs;
using static PllmML.Benchmarks.SyntheticDraws;

namespace PllmML.Benchmarks.Scale;

/// <summary>
/// Realistic two-species counts at atlas sizes for the scale benchmark (issue #18): per species <see cref="Genes"/>
/// genes, 90 % of them one-to-one orthologs (<c>G123</c> ↔ <c>g123</c>, the rest species-specific); cell types share a
/// log-normal baseline over genes plus a 100-gene marker program each (× 8); each species shifts every gene by its own
/// log-normal factor (sd 0.5, the batch effect); a cell draws a log-normal library (median 6,000 UMIs) and negative
/// binomial counts (Gamma–Poisson, dispersion θ = 5). The baseline's spread is chosen so a median cell detects about
/// 2,000 genes. Each cell's draws come from its own seeded generator, so the files do not depend on the thread count.
/// </summary>
internal static class ScaleData
{
    public const int Genes = 15_000;
    private const int Types = 12;
    private const int MarkersPerType = 100;
    private const double MarkerFold = 8;
    private const double MedianLibrary = 6000;
    private const double Dispersion = 5;
    private const int TargetDetected = 2000;

    /// <summary>Writes <c>human.h5ad</c>, <c>mouse.h5ad</c> (half the cells each, obs <c>cell_type</c>) and <c>pairs.csv</c>.</summary>
    public static void Write(int cells, string folder, int seed)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var spread = CalibrateSpread();
        var baseline = Enumerable.Range(0, Genes).Select(_ => Normal(random) * spread).ToArray();
        var programs = Enumerable.Range(0, Types).Select(_ => Enumerable.Range(0, MarkersPerType).Select(_ => random.Next(Genes)).ToHashSet()).ToArray();
        foreach (var (species, prefix, offset) in new[] { ("human", "G", 0), ("mouse", "g", 1) })
        {
            var shift = Enumerable.Range(0, Genes).Select(_ => Normal(random) * 0.5).ToArray();
            var count = species == "human" ? cells / 2 : cells - (cells / 2);
            using var spool = new CsrRowSpool(Genes, folder);
            var labels = Species(count, baseline, programs, shift, seed * 2 + offset, spool);
            var obs = new AnnotationTable([.. Enumerable.Range(0, count).Select(cell => $"{species}_{cell}")]);
            obs.Set("cell_type", CategoricalColumn.FromValues(labels));
            var var = new AnnotationTable([.. Enumerable.Range(0, Genes).Select(gene => $"{prefix}{gene}")]);
            H5adWriter.Write(CellMatrix.WithoutX(obs, var, string.Empty), Path.Combine(folder, $"{species}.h5ad"), spool);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{species}: {count:N0} cells × {Genes:N0} genes, {spool.StoredCount:N0} stored counts ({(double)spool.StoredCount / count:F0} per cell)"));
        }

        var pairs = Enumerable.Range(0, Genes).Where(gene => gene % 10 != 9).Select(gene => new GenePair($"G{gene}", $"g{gene}")).ToArray();
        GenePairTableWriter.Write(new GenePairTable("human", "mouse", pairs), Path.Combine(folder, "pairs.csv"));
    }

    // Cells are drawn in parallel a block at a time and spooled in cell order, so memory holds one block, not the matrix.
    private static string[] Species(int cells, double[] baseline, HashSet<int>[] programs, double[] shift, int seed, CsrRowSpool spool)
    {
        const int Block = 16_384;
        var rows = new (int[] Genes, float[] Counts)[Math.Min(Block, cells)];
        var types = new int[cells];
        var profiles = Enumerable.Range(0, Types).Select(type => Proportions(baseline, programs[type], shift)).ToArray();
        for (var first = 0; first < cells; first += Block)
        {
            var count = Math.Min(Block, cells - first);
            Parallel.For(0, count, k =>
            {
                var cell = first + k;
                var random = new Random(unchecked((seed * 1_000_003) + cell));
                var type = random.Next(Types);
                types[cell] = type;
                var library = MedianLibrary * Math.Exp(Normal(random) * 0.4);
                var genes = new List<int>(2 * TargetDetected);
                var counts = new List<float>(2 * TargetDetected);
                var profile = profiles[type];
                for (var gene = 0; gene < Genes; gene++)
                {
                    var value = NegativeBinomial(random, library * profile[gene]);
                    if (value > 0)
                    {
                        genes.Add(gene);
                        counts.Add(value);
                    }
                }

                rows[k] = ([.. genes], [.. counts]);
            });
            for (var k = 0; k < count; k++)
            {
                for (var entry = 0; entry < rows[k].Genes.Length; entry++)
                {
                    spool.Add(rows[k].Genes[entry], rows[k].Counts[entry]);
                }

                spool.EndRow();
            }
        }

        return [.. types.Select(type => $"type{type}")];
    }

    private static double[] Proportions(double[] baseline, HashSet<int> program, double[] shift)
    {
        var weights = baseline.Select((b, gene) => Math.Exp(b + shift[gene]) * (program.Contains(gene) ? MarkerFold : 1)).ToArray();
        var total = weights.Sum();
        return [.. weights.Select(w => w / total)];
    }

    // The baseline's log-sd at which a median-library cell detects TargetDetected genes in expectation (NB zero probability).
    private static double CalibrateSpread()
    {
        var random = new Random(1);
        var normals = Enumerable.Range(0, Genes).Select(_ => Normal(random)).ToArray();
        double Detected(double spread)
        {
            var weights = normals.Select(z => Math.Exp(z * spread)).ToArray();
            var total = weights.Sum();
            return weights.Sum(w => 1 - Math.Pow(Dispersion / (Dispersion + (MedianLibrary * w / total)), Dispersion));
        }

        var (low, high) = (0.1, 5.0);
        for (var step = 0; step < 50; step++)
        {
            var middle = (low + high) / 2;
            (low, high) = Detected(middle) > TargetDetected ? (middle, high) : (low, middle);
        }

        return (low + high) / 2;
    }

    // Small means by the inverse CDF (one uniform, and for most genes one comparison: the zero); large ones Gamma–Poisson.
    private static int NegativeBinomial(Random random, double mean)
    {
        if (mean > 20)
        {
            return Poisson(random, Gamma(random, Dispersion) * mean / Dispersion);
        }

        var ratio = mean / (Dispersion + mean);
        var probability = Math.Exp(Dispersion * Math.Log(1 - ratio));
        var cumulative = probability;
        var u = random.NextDouble();
        var k = 0;
        while (u > cumulative && probability > 1e-300)
        {
            probability *= (k + Dispersion) / (k + 1) * ratio;
            cumulative += probability;
            k++;
        }

        return k;
    }

    // Marsaglia–Tsang for shape ≥ 1 (θ = 5 here), scale 1.
    private static double Gamma(Random random, double shape)
    {
        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(random);
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = random.NextDouble();
            if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }
}
