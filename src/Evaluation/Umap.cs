using PllmML.Kernels.LinearAlgebra;
using PllmML.Kernels.Neighbors;

namespace PllmML.Evaluation;

/// <summary>
/// UMAP (McInnes, Healy &amp; Melville 2018), written here because no maintained UMAP restores from NuGet. It follows
/// umap-learn: the fuzzy simplicial set of the exact kNN graph (<see cref="FuzzySimplicialSet"/>); curve parameters
/// a, b fitted to min_dist and spread by Levenberg–Marquardt least squares (scipy's <c>curve_fit</c>); edges below
/// max weight / epochs dropped; each edge sampled every max_weight / weight epochs with attraction
/// −2ab·d^(2(b−1)) / (1 + a·d^(2b)) and <see cref="UmapOptions.NegativeSampleRate"/> negative samples repelled with
/// 2b / ((0.001 + d²)(1 + a·d^(2b))), gradients clipped to ±4, learning rate decaying linearly to 0.
/// Initialisation differs: the first two principal components of the embedding (scaled to ±10, plus 1e-4 noise,
/// then to [0, 10] as umap-learn does) instead of a spectral layout, which needs a sparse eigensolver; an informative
/// PCA start keeps global structure as well as spectral (Kobak &amp; Linderman, Nat Biotechnol 2021). Single-threaded,
/// so a seed gives the same picture every run.
/// </summary>
public static class Umap
{
    /// <summary>Embeds the cells in two dimensions.</summary>
    /// <param name="input">The embedding.</param>
    /// <param name="options">Parameters; umap-learn's defaults when null.</param>
    /// <param name="neighborSearch">The kNN search of the graph; <see cref="NeighborSearches.Cpu"/> when null.</param>
    /// <returns>Row-major cells × 2 coordinates.</returns>
    public static float[] Embed(EvaluationInput input, UmapOptions? options = null, INeighborSearch? neighborSearch = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new UmapOptions();
        var n = input.CellCount;
        if (n < 3)
        {
            throw new ArgumentException($"UMAP needs at least 3 cells; there are {n}.", nameof(input));
        }

        var graph = FuzzySimplicialSet.Build((neighborSearch ?? NeighborSearches.Cpu).Search(input.Values, input.Dimensions, Math.Min(options.NeighborCount, n - 1)));
        var (a, b) = FitCurve(options.MinDist, options.Spread);
        var epochs = options.Epochs ?? (n <= 10_000 ? 500 : 200);
        var random = new Random(options.Seed);
        var positions = Initialise(input, random);
        Optimise(graph, positions, a, b, epochs, options, random);
        return positions;
    }

    /// <summary>
    /// a and b of 1 / (1 + a·x^(2b)) fitted to 1 for x &lt; min_dist and exp(−(x − min_dist) / spread) beyond, on
    /// 300 points of [0, 3·spread] (umap-learn's <c>find_ab_params</c>).
    /// </summary>
    /// <param name="minDist">min_dist.</param>
    /// <param name="spread">spread.</param>
    public static (double A, double B) FitCurve(double minDist, double spread)
    {
        var xs = Enumerable.Range(0, 300).Select(i => i * 3 * spread / 299).ToArray();
        var ys = xs.Select(x => x < minDist ? 1.0 : Math.Exp(-(x - minDist) / spread)).ToArray();
        double a = 1, b = 1, lambda = 1e-3;
        var cost = Cost(xs, ys, a, b);
        for (var iteration = 0; iteration < 1000; iteration++)
        {
            double jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
            for (var i = 0; i < xs.Length; i++)
            {
                var p = xs[i] > 0 ? Math.Pow(xs[i], 2 * b) : 0;
                var f = 1 / (1 + (a * p));
                var r = f - ys[i];
                var da = -p * f * f;
                var db = xs[i] > 0 ? -a * p * 2 * Math.Log(xs[i]) * f * f : 0;
                jaa += da * da;
                jab += da * db;
                jbb += db * db;
                ga += da * r;
                gb += db * r;
            }

            var improved = false;
            while (lambda < 1e12)
            {
                var maa = jaa * (1 + lambda);
                var mbb = jbb * (1 + lambda);
                var det = (maa * mbb) - (jab * jab);
                var stepA = -((mbb * ga) - (jab * gb)) / det;
                var stepB = -((maa * gb) - (jab * ga)) / det;
                var newCost = Cost(xs, ys, a + stepA, b + stepB);
                if (newCost < cost)
                {
                    var converged = cost - newCost < 1e-15 * Math.Max(cost, 1e-300) || (Math.Abs(stepA) < 1e-12 && Math.Abs(stepB) < 1e-12);
                    (a, b, cost) = (a + stepA, b + stepB, newCost);
                    lambda /= 10;
                    improved = !converged;
                    break;
                }

                lambda *= 10;
            }

            if (!improved)
            {
                break;
            }
        }

        return (a, b);
    }

    private static double Cost(double[] xs, double[] ys, double a, double b)
    {
        var sum = 0.0;
        for (var i = 0; i < xs.Length; i++)
        {
            var p = xs[i] > 0 ? Math.Pow(xs[i], 2 * b) : 0;
            var r = (1 / (1 + (a * p))) - ys[i];
            sum += r * r;
        }

        return sum;
    }

    private static float[] Initialise(EvaluationInput input, Random random)
    {
        var n = input.CellCount;
        var positions = new float[n * 2];
        var components = Math.Min(2, input.Dimensions);
        var pca = PrincipalComponents.FitScores(input.Values, n, input.Dimensions, components);
        var maxAbs = pca.Scores.Select(Math.Abs).DefaultIfEmpty(1).Max();
        var expansion = maxAbs > 0 ? 10 / maxAbs : 1;
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < 2; c++)
            {
                var value = c < components ? pca.Scores[(i * components) + c] * expansion : 0;
                positions[(i * 2) + c] = (float)(value + (Gaussian(random) * 1e-4));
            }
        }

        for (var c = 0; c < 2; c++)
        {
            var min = float.PositiveInfinity;
            var max = float.NegativeInfinity;
            for (var i = 0; i < n; i++)
            {
                min = Math.Min(min, positions[(i * 2) + c]);
                max = Math.Max(max, positions[(i * 2) + c]);
            }

            var range = max > min ? max - min : 1;
            for (var i = 0; i < n; i++)
            {
                positions[(i * 2) + c] = 10 * (positions[(i * 2) + c] - min) / range;
            }
        }

        return positions;
    }

    private static void Optimise(WeightedGraph graph, float[] positions, double a, double b, int epochs, UmapOptions options, Random random)
    {
        var maxWeight = graph.Weights.Max();
        var heads = new List<int>();
        var tails = new List<int>();
        var perSample = new List<double>();
        for (var node = 0; node < graph.NodeCount; node++)
        {
            for (var e = graph.Offsets[node]; e < graph.Offsets[node + 1]; e++)
            {
                var weight = graph.Weights[e];
                if (weight >= maxWeight / epochs)
                {
                    heads.Add(node);
                    tails.Add(graph.Targets[e]);
                    perSample.Add(maxWeight / weight);
                }
            }
        }

        var edgeCount = heads.Count;
        var nextSample = perSample.ToArray();
        var perNegative = perSample.Select(p => p / options.NegativeSampleRate).ToArray();
        var nextNegative = perNegative.ToArray();
        var n = graph.NodeCount;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var alpha = (float)(options.LearningRate * (1.0 - ((double)epoch / epochs)));
            for (var i = 0; i < edgeCount; i++)
            {
                if (nextSample[i] > epoch)
                {
                    continue;
                }

                var j = heads[i];
                var k = tails[i];
                var d2 = SquaredDistance(positions, j, k);
                var attraction = d2 > 0 ? (float)(-2.0 * a * b * Math.Pow(d2, b - 1) / ((a * Math.Pow(d2, b)) + 1)) : 0f;
                for (var d = 0; d < 2; d++)
                {
                    var grad = Clip(attraction * (positions[(j * 2) + d] - positions[(k * 2) + d]));
                    positions[(j * 2) + d] += grad * alpha;
                    positions[(k * 2) + d] -= grad * alpha;
                }

                nextSample[i] += perSample[i];
                var negatives = (int)((epoch - nextNegative[i]) / perNegative[i]);
                for (var p = 0; p < negatives; p++)
                {
                    var other = random.Next(n);
                    var od2 = SquaredDistance(positions, j, other);
                    float repulsion;
                    if (od2 > 0)
                    {
                        repulsion = (float)(2.0 * b / ((0.001 + od2) * ((a * Math.Pow(od2, b)) + 1)));
                    }
                    else if (j == other)
                    {
                        continue;
                    }
                    else
                    {
                        repulsion = 0f;
                    }

                    for (var d = 0; d < 2; d++)
                    {
                        var grad = repulsion > 0 ? Clip(repulsion * (positions[(j * 2) + d] - positions[(other * 2) + d])) : 4f;
                        positions[(j * 2) + d] += grad * alpha;
                    }
                }

                nextNegative[i] += negatives * perNegative[i];
            }
        }
    }

    private static float Clip(float value) => Math.Clamp(value, -4f, 4f);

    private static double SquaredDistance(float[] positions, int a, int b)
    {
        var dx = positions[a * 2] - positions[b * 2];
        var dy = positions[(a * 2) + 1] - positions[(b * 2) + 1];
        return (dx * dx) + (dy * dy);
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
