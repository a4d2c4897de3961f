using System.Numerics.Tensors;
using PllmML.Kernels.Clustering;
using PllmML.Kernels.Integration;
using PllmML.Kernels.Randomness;

namespace PllmML.Trainers.Integration;

/// <summary>
/// Harmony (Korsunsky et al., Nat Methods 16:1289, 2019) in the structure of harmonypy's <c>Harmony</c> class:
/// cells are scaled to unit length; centroids start from k-means on them; each round runs soft k-means with the
/// diversity penalty (<c>Rₖₙ ∝ exp(−dₖₙ/σₖ) · Σ_b ((E_kb+1)/(O_kb+1))^θ φ_bn</c>, updated in random blocks of 5 % of the
/// cells, centroids <c>Y = normalise(Z_cos Rᵀ)</c>) until the windowed objective change is below ε cluster, then the
/// mixture-of-experts ridge correction <c>Z_corr = Z − Σₖ Wₖᵀ Φ diag(Rₖ)</c> with
/// <c>Wₖ = (Φ diag(Rₖ) Φᵀ + λI₀)⁻¹ Φ diag(Rₖ) Zᵀ</c> (intercept unpenalised and not removed); rounds stop when the
/// objective improves by less than ε Harmony.
/// </summary>
/// <remarks>
/// Deviations from harmonypy, all for reproducibility: random choices come from <see cref="SplitMix64"/> (the Python
/// reference replays it); the initial centroids are one run of k-means++ seeding plus Lloyd iterations on the unit
/// cells instead of scikit-learn's KMeans with 10 restarts.
/// </remarks>
public static class Harmony
{
    private const int Window = 3;

    /// <summary>Runs Harmony.</summary>
    /// <param name="cells">Cells × d embedding (for example PCA scores), row-major.</param>
    /// <param name="dimensions">d.</param>
    /// <param name="covariates">One array per covariate (species, donor, …) with each cell's level name.</param>
    /// <param name="covariateNames">The covariates' names, used to name levels (<c>name=level</c>).</param>
    /// <param name="options">Parameters; defaults when null.</param>
    /// <exception cref="ArgumentException">Sizes disagree or there are too few cells.</exception>
    public static HarmonyResult Run(float[] cells, int dimensions, IReadOnlyList<IReadOnlyList<string>> covariates, IReadOnlyList<string> covariateNames, HarmonyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(covariates);
        ArgumentNullException.ThrowIfNull(covariateNames);
        options ??= new HarmonyOptions();
        var n = cells.Length / dimensions;
        var (levelsOfCell, levels) = EncodeLevels(covariates, covariateNames, n);
        var state = new State(cells.Select(value => (double)value).ToArray(), dimensions, levelsOfCell, covariates.Count, levels.Count, options);
        return state.Run(levels);
    }

    private static (int[] LevelsOfCell, List<string> Levels) EncodeLevels(IReadOnlyList<IReadOnlyList<string>> covariates, IReadOnlyList<string> names, int n)
    {
        if (covariates.Count == 0 || covariates.Count != names.Count)
        {
            throw new ArgumentException("Harmony needs at least one covariate, each with a name.", nameof(covariates));
        }

        var levels = new List<string>();
        var levelsOfCell = new int[n * covariates.Count];
        for (var c = 0; c < covariates.Count; c++)
        {
            if (covariates[c].Count != n)
            {
                throw new ArgumentException($"Covariate '{names[c]}' has {covariates[c].Count} values for {n} cells.", nameof(covariates));
            }

            var distinct = covariates[c].Distinct().Order(StringComparer.Ordinal).ToList();
            var offset = levels.Count;
            levels.AddRange(distinct.Select(level => $"{names[c]}={level}"));
            var index = distinct.Select((level, i) => (level, i)).ToDictionary(pair => pair.level, pair => pair.i, StringComparer.Ordinal);
            for (var cell = 0; cell < n; cell++)
            {
                levelsOfCell[(cell * covariates.Count) + c] = offset + index[covariates[c][cell]];
            }
        }

        return (levelsOfCell, levels);
    }

    private sealed class State
    {
        private readonly double[] _original;
        private readonly int _d;
        private readonly int _n;
        private readonly int _k;
        private readonly int _levels;
        private readonly int _covariates;
        private readonly int[] _levelsOfCell;
        private readonly HarmonyOptions _options;
        private readonly double[] _sigma;
        private readonly double[] _levelFraction;
        private readonly SplitMix64 _random;
        private readonly List<double> _kmeansObjective = [];
        private readonly List<double> _harmonyObjective = [];
        private readonly List<int> _iterations = [];
        private readonly double[] _corrected;
        private readonly double[] _unit;
        private double[] _centroids = [];
        private readonly double[] _distances;
        private readonly double[] _scaled;
        private readonly double[] _assignments;
        private double[] _clusterTotals = [];
        private double[] _observed = [];
        private double[] _coefficients = [];

        public State(double[] original, int d, int[] levelsOfCell, int covariates, int levels, HarmonyOptions options)
        {
            _original = original;
            _d = d;
            _n = original.Length / d;
            _options = options;
            _k = options.ClustersFor(_n);
            if (_n < 2 || _k > _n)
            {
                throw new ArgumentException($"Harmony needs more cells ({_n}) than clusters ({_k}).", nameof(original));
            }

            _levels = levels;
            _covariates = covariates;
            _levelsOfCell = levelsOfCell;
            _sigma = Enumerable.Repeat(options.Sigma, _k).ToArray();
            _levelFraction = new double[levels];
            for (var cell = 0; cell < _n; cell++)
            {
                for (var c = 0; c < covariates; c++)
                {
                    _levelFraction[levelsOfCell[(cell * covariates) + c]] += 1.0 / _n;
                }
            }

            _random = new SplitMix64((ulong)options.Seed);
            _corrected = (double[])original.Clone();
            _unit = new double[original.Length];
            HarmonyKernels.NormaliseRows(original, d, _unit);
            _distances = new double[_n * _k];
            _scaled = new double[_n * _k];
            _assignments = new double[_n * _k];
        }

        public HarmonyResult Run(List<string> levelNames)
        {
            InitialiseClusters();
            for (var round = 0; round < _options.MaxRounds; round++)
            {
                Cluster();
                Correct();
                if (HarmonyConverged())
                {
                    break;
                }
            }

            var model = new HarmonyModel(_d, _centroids, _coefficients, _sigma, levelNames, _options.MappingPasses);
            return new HarmonyResult(_corrected, _assignments, model, _harmonyObjective, _iterations);
        }

        private void InitialiseClusters()
        {
            _centroids = KMeans.Fit(_unit, _d, _k, new KMeansPlusPlusSeeding(_random), _options.MaxKMeansIterations).Centres;
            HarmonyKernels.NormaliseRows(_centroids, _d, _centroids);
            HarmonyKernels.CosineDistances(_centroids, _unit, _d, _distances);
            HarmonyKernels.ScaledExponentials(_distances, _sigma, _assignments);
            for (var cell = 0; cell < _n; cell++)
            {
                var row = _assignments.AsSpan(cell * _k, _k);
                TensorPrimitives.Divide(row, TensorPrimitives.Sum(row), row);
            }

            _clusterTotals = new double[_k];
            _observed = new double[_k * _levels];
            for (var cell = 0; cell < _n; cell++)
            {
                AddCell(cell, 1);
            }

            _kmeansObjective.Add(Objective());
            _harmonyObjective.Add(_kmeansObjective[^1]);
        }

        /// <summary>Adds (or removes) a cell's assignment to the cluster totals and observed counts O.</summary>
        private void AddCell(int cell, double sign)
        {
            var row = _assignments.AsSpan(cell * _k, _k);
            for (var k = 0; k < _k; k++)
            {
                _clusterTotals[k] += sign * row[k];
            }

            for (var c = 0; c < _covariates; c++)
            {
                var level = _levelsOfCell[(cell * _covariates) + c];
                for (var k = 0; k < _k; k++)
                {
                    _observed[(k * _levels) + level] += sign * row[k];
                }
            }
        }

        /// <summary>Expected counts E = (cluster total) × (level fraction).</summary>
        private double Expected(int index) => _clusterTotals[index / _levels] * _levelFraction[index % _levels];

        private void Cluster()
        {
            var iteration = 0;
            for (; iteration < _options.MaxClusterIterations; iteration++)
            {
                _centroids = _options.Accelerator is { } accelerator
                    ? accelerator.WeightedSums(_unit, _assignments, _k, _d)
                    : HarmonyKernels.WeightedSums(_unit, _assignments, _k, _d);
                HarmonyKernels.NormaliseRows(_centroids, _d, _centroids);
                if (_options.Accelerator is { } gpu)
                {
                    gpu.CosineDistances(_centroids, _unit, _d, _distances);
                }
                else
                {
                    HarmonyKernels.CosineDistances(_centroids, _unit, _d, _distances);
                }
                UpdateAssignments();
                _kmeansObjective.Add(Objective());
                if (iteration > Window && ClusteringConverged())
                {
                    break;
                }
            }

            _iterations.Add(Math.Min(iteration, _options.MaxClusterIterations - 1));
            _harmonyObjective.Add(_kmeansObjective[^1]);
        }

        private void UpdateAssignments()
        {
            HarmonyKernels.ScaledExponentials(_distances, _sigma, _scaled);
            var order = Enumerable.Range(0, _n).ToArray();
            _random.Shuffle(order);
            var blocks = (int)Math.Ceiling(1 / _options.BlockSize);
            var penalty = new double[_k * _levels];
            foreach (var (start, length) in ArraySplit(_n, blocks))
            {
                var block = order.AsSpan(start, length);
                foreach (var cell in block)
                {
                    AddCell(cell, -1);
                }

                for (var i = 0; i < penalty.Length; i++)
                {
                    penalty[i] = Math.Pow((Expected(i) + 1) / (_observed[i] + 1), _options.Theta);
                }

                var blockStart = start;
                Parallel.For(0, (length + 255) / 256, part =>
                {
                    var end = Math.Min(length, (part + 1) * 256);
                    for (var i = part * 256; i < end; i++)
                    {
                        UpdateRow(order[blockStart + i], penalty);
                    }
                });

                foreach (var cell in block)
                {
                    AddCell(cell, 1);
                }
            }
        }

        private void UpdateRow(int cell, double[] penalty)
        {
            var row = _assignments.AsSpan(cell * _k, _k);
            var scaled = _scaled.AsSpan(cell * _k, _k);
            for (var k = 0; k < _k; k++)
            {
                double factor = 0;
                for (var c = 0; c < _covariates; c++)
                {
                    factor += penalty[(k * _levels) + _levelsOfCell[(cell * _covariates) + c]];
                }

                row[k] = scaled[k] * factor;
            }

            TensorPrimitives.Divide(row, TensorPrimitives.Sum(row), row);
        }

        /// <summary>numpy.array_split: the first n mod blocks parts get one extra element.</summary>
        private static IEnumerable<(int Start, int Length)> ArraySplit(int n, int blocks)
        {
            var small = n / blocks;
            var extra = n % blocks;
            var start = 0;
            for (var b = 0; b < blocks; b++)
            {
                var length = small + (b < extra ? 1 : 0);
                yield return (start, length);
                start += length;
            }
        }

        private double Objective()
        {
            var logRatio = new double[_k * _levels];
            for (var i = 0; i < logRatio.Length; i++)
            {
                logRatio[i] = _options.Theta * Math.Log((_observed[i] + 1) / (Expected(i) + 1));
            }

            return HarmonyKernels.Objective(_assignments, _distances, _sigma, _levelsOfCell, _covariates, logRatio, _levels);
        }

        private bool ClusteringConverged()
        {
            double old = 0, current = 0;
            var count = _kmeansObjective.Count;
            for (var i = 0; i < Window; i++)
            {
                old += _kmeansObjective[count - 2 - i];
                current += _kmeansObjective[count - 1 - i];
            }

            return Math.Abs(old - current) / Math.Abs(old) < _options.EpsilonCluster;
        }

        private bool HarmonyConverged()
        {
            var old = _harmonyObjective[^2];
            var current = _harmonyObjective[^1];
            return (old - current) / Math.Abs(old) < _options.EpsilonHarmony;
        }

        private void Correct()
        {
            var rows = _levels + 1;
            var stride = (rows * rows) + (rows * _d);
            var statistics = HarmonyKernels.RidgeStatistics(_original, _assignments, _levelsOfCell, _covariates, _levels, _k, _d);
            _coefficients = new double[_k * rows * _d];
            for (var k = 0; k < _k; k++)
            {
                var gram = statistics.AsSpan(k * stride, rows * rows).ToArray();
                for (var i = 1; i < rows; i++)
                {
                    gram[(i * rows) + i] += _options.Lambda;
                }

                var rhs = statistics.AsSpan((k * stride) + (rows * rows), rows * _d).ToArray();
                var w = LinearSystem.Solve(gram, rhs, rows, _d);
                Array.Clear(w, 0, _d);
                Array.Copy(w, 0, _coefficients, k * rows * _d, rows * _d);
            }

            HarmonyKernels.Correct(_original, _assignments, _levelsOfCell, _covariates, _coefficients, _levels, _d, _corrected);
            HarmonyKernels.NormaliseRows(_corrected, _d, _unit);
        }
    }
}
