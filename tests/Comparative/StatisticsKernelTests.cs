using System.Text.Json;
using PllmML.Kernels.Statistics;

namespace PllmML.Comparative.Tests;

/// <summary>The statistics kernels against scipy (values written by <c>scipy_reference.py kernels</c>) and against each other.</summary>
public class StatisticsKernelTests
{
    private static readonly Lazy<JsonElement> Reference = new(() =>
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "kernels.json");
        PythonPeer.Run(ScipyPeer.Script, "kernels", path);
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    });

    [ScipyFact]
    public void NormalSurvival_EqualsScipy_FarIntoTheTail()
    {
        var z = Reference.Value.GetProperty("z").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var sf = Reference.Value.GetProperty("sf").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (var i = 0; i < z.Length; i++)
        {
            Relative.Equal(sf[i], NormalDistribution.Survival(z[i]), 1e-12, $"norm.sf({z[i]})");
        }
    }

    [ScipyFact]
    public void RankSum_DenseAndSparse_EqualScipyMannWhitneyU_WithTies()
    {
        foreach (var sample in Reference.Value.GetProperty("ranksum").EnumerateArray())
        {
            var a = sample.GetProperty("a").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var b = sample.GetProperty("b").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var (u, p) = (sample.GetProperty("u").GetDouble(), sample.GetProperty("p").GetDouble());
            var dense = WilcoxonRankSum.Test(a, b);
            Relative.Equal(p, dense.PValue, 1e-10, $"p of {a.Length} vs {b.Length}");

            Relative.Equal(u, dense.U, 1e-12, "U of the first sample");
            var values = a.Concat(b).ToArray();
            var groups = Enumerable.Repeat(0, a.Length).Concat(Enumerable.Repeat(1, b.Length)).ToArray();
            var nonZero = Enumerable.Range(0, values.Length).Where(i => values[i] != 0).ToArray();
            var results = new RankSumResult[2];
            WilcoxonRankSum.OneVersusRest(nonZero.Select(i => values[i]).ToArray(), nonZero.Select(i => groups[i]).ToArray(), [a.Length, b.Length], results);
            Relative.Equal(p, results[0].PValue, 1e-10, "sparse p, group 0");
            Relative.Equal(p, results[1].PValue, 1e-10, "sparse p, group 1");
        }
    }

    [Fact]
    public void SparseOneVersusRest_EqualsDenseTest_WithNegativeValuesAndManyGroups()
    {
        var random = new Random(3);
        for (var trial = 0; trial < 20; trial++)
        {
            var n = random.Next(6, 300);
            var groupCount = random.Next(2, 6);
            var groups = Enumerable.Range(0, n).Select(i => i < groupCount ? i : random.Next(groupCount)).ToArray();
            var values = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.5 ? 0 : Math.Round((random.NextDouble() * 6) - 2, 1)).ToArray();
            var sizes = Enumerable.Range(0, groupCount).Select(g => groups.Count(x => x == g)).ToArray();
            var nonZero = Enumerable.Range(0, n).Where(i => values[i] != 0).ToArray();
            var results = new RankSumResult[groupCount];
            WilcoxonRankSum.OneVersusRest(nonZero.Select(i => values[i]).ToArray(), nonZero.Select(i => groups[i]).ToArray(), sizes, results);
            for (var g = 0; g < groupCount; g++)
            {
                var dense = WilcoxonRankSum.Test(
                    Enumerable.Range(0, n).Where(i => groups[i] == g).Select(i => values[i]).ToArray(),
                    Enumerable.Range(0, n).Where(i => groups[i] != g).Select(i => values[i]).ToArray());
                Relative.Equal(dense.PValue, results[g].PValue, 1e-12, $"trial {trial} group {g} p");
                Relative.Equal(dense.U, results[g].U, 1e-12, $"trial {trial} group {g} U");
            }
        }
    }

    [ScipyFact]
    public void BenjaminiHochberg_EqualsRsDefinition()
    {
        var p = Reference.Value.GetProperty("bh_p").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var q = Reference.Value.GetProperty("bh_q").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var adjusted = MultipleTesting.BenjaminiHochberg(p);
        for (var i = 0; i < p.Length; i++)
        {
            Relative.Equal(q[i], adjusted[i], 1e-12, $"q[{i}]");
        }
    }

    [ScipyFact]
    public void PValueCombination_EqualsScipyCombinePvalues()
    {
        foreach (var group in Reference.Value.GetProperty("combined").EnumerateArray())
        {
            var p = group.GetProperty("p").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Relative.Equal(group.GetProperty("fisher").GetDouble(), PValueCombiner.Combine(p, PValueCombination.Fisher), 1e-10, $"Fisher {string.Join(", ", p)}");
            Relative.Equal(group.GetProperty("minimump").GetDouble(), PValueCombiner.Combine(p, PValueCombination.MinimumP), 1e-10, $"minimump {string.Join(", ", p)}");
            Relative.Equal(group.GetProperty("maxp").GetDouble(), PValueCombiner.Combine(p, PValueCombination.MaximumP), 1e-12, $"maxp {string.Join(", ", p)}");
        }
    }
}
