using System.Runtime.InteropServices;

namespace PllmML.Kernels.Neighbors;

/// <summary>
/// The references of <see cref="ScreenedKnn"/> grouped by a coarse k-means (one centre per about 1,024 references, three
/// Lloyd steps on a sample, float distances), each group a ball (centre, largest exact member distance), packed in
/// float panels of <see cref="ScreenedKnn.PanelWidth"/> references, dimension-major, a group's members in their order.
/// The grouping only decides what can be skipped; the search's result does not depend on it.
/// </summary>
internal sealed class ReferenceGroups
{
    /// <summary>Centres per panel (as references).</summary>
    internal const int CentrePanelWidth = ScreenedKnn.PanelWidth;

    private const int ReferencesPerGroup = 1024;
    private const int MaximumGroups = 4096;
    private const int LloydSteps = 3;
    private const int SamplePerGroup = 64;

    private readonly int[] _firstPanel;
    private readonly int[] _panelCount;
    private readonly float[] _centres;       // panels of centres, dimension-major
    private readonly float[] _centreNorms;   // |μ|² (float), +∞ in padding
    private readonly double[] _radii;
    private readonly BlockBounds? _blockBounds;

    private ReferenceGroups(int groupCount, int[] firstPanel, int[] panelCount, float[] packed, float[] packedNorms, int[] packedReferences, float[] centres, float[] centreNorms, double[] radii, BlockBounds? blockBounds)
    {
        GroupCount = groupCount;
        _firstPanel = firstPanel;
        _panelCount = panelCount;
        Packed = packed;
        PackedNorms = packedNorms;
        PackedReferences = packedReferences;
        _centres = centres;
        _centreNorms = centreNorms;
        _radii = radii;
        _blockBounds = blockBounds;
    }

    public int GroupCount { get; }

    /// <summary>Reference values as float, panel by panel: [panel][dimension][24].</summary>
    public float[] Packed { get; }

    /// <summary>|r|² of each packed reference as float; +∞ in padding.</summary>
    public float[] PackedNorms { get; }

    /// <summary>The reference position of each packed column; −1 in padding.</summary>
    public int[] PackedReferences { get; }

    /// <summary>The panels of group <paramref name="group"/>.</summary>
    public (int First, int Count) Panels(int group) => (_firstPanel[group], _panelCount[group]);

    public static ReferenceGroups Build(double[] data, int dimensions, int[] referenceRows, double[] norms)
    {
        var n = referenceRows.Length;
        var groupCount = Math.Clamp(n / ReferencesPerGroup, 1, MaximumGroups);
        var centres = new double[groupCount * dimensions];
        for (var g = 0; g < groupCount; g++)
        {
            var row = referenceRows[(int)(((2L * g) + 1) * n / (2L * groupCount))];
            Array.Copy(data, (long)row * dimensions, centres, (long)g * dimensions, dimensions);
        }

        int[] assignment;
        if (groupCount > 1)
        {
            var step = Math.Max(1, n / (groupCount * SamplePerGroup));
            var sample = Enumerable.Range(0, (n + step - 1) / step).Select(i => referenceRows[i * step]).ToArray();
            for (var s = 0; s < LloydSteps; s++)
            {
                var (packedCentres, centreNorms) = PackCentres(centres, groupCount, dimensions);
                var nearest = Nearest(data, dimensions, sample, packedCentres, centreNorms, groupCount);
                var sums = new double[groupCount * dimensions];
                var counts = new int[groupCount];
                for (var i = 0; i < sample.Length; i++)
                {
                    var g = nearest[i];
                    counts[g]++;
                    for (var t = 0; t < dimensions; t++)
                    {
                        sums[(g * dimensions) + t] += data[((long)sample[i] * dimensions) + t];
                    }
                }

                for (var g = 0; g < groupCount; g++)
                {
                    if (counts[g] > 0)
                    {
                        for (var t = 0; t < dimensions; t++)
                        {
                            centres[(g * dimensions) + t] = sums[(g * dimensions) + t] / counts[g];
                        }
                    }
                }
            }

            var (finalCentres, finalNorms) = PackCentres(centres, groupCount, dimensions);
            assignment = Nearest(data, dimensions, referenceRows, finalCentres, finalNorms, groupCount);
        }
        else
        {
            assignment = new int[n];
        }

        // The centres as float (the bounds use these exact values), radii by exact differences from them.
        for (var i = 0; i < centres.Length; i++)
        {
            centres[i] = (float)centres[i];
        }

        var radii = new double[groupCount];
        var sizes = new int[groupCount];
        for (var i = 0; i < n; i++)
        {
            var g = assignment[i];
            sizes[g]++;
            var sum = 0.0;
            var offset = (long)referenceRows[i] * dimensions;
            for (var t = 0; t < dimensions; t++)
            {
                var d = data[offset + t] - centres[(g * dimensions) + t];
                sum += d * d;
            }

            radii[g] = Math.Max(radii[g], sum);
        }

        for (var g = 0; g < groupCount; g++)
        {
            radii[g] = (Math.Sqrt(radii[g]) * (1 + 1e-12)) + 1e-300;
        }

        const int w = ScreenedKnn.PanelWidth;
        var firstPanel = new int[groupCount];
        var panelCount = new int[groupCount];
        var panels = 0;
        for (var g = 0; g < groupCount; g++)
        {
            firstPanel[g] = panels;
            panelCount[g] = (sizes[g] + w - 1) / w;
            panels += panelCount[g];
        }

        var packed = new float[(long)panels * w * dimensions];
        var packedNorms = new float[(long)panels * w];
        var packedReferences = new int[(long)panels * w];
        Array.Fill(packedNorms, float.PositiveInfinity);
        Array.Fill(packedReferences, -1);
        var filled = new int[groupCount];
        for (var i = 0; i < n; i++)
        {
            var g = assignment[i];
            var column = ((long)firstPanel[g] * w) + filled[g]++;
            var panel = column / w;
            var j = column % w;
            var offset = (long)referenceRows[i] * dimensions;
            for (var t = 0; t < dimensions; t++)
            {
                packed[(panel * w * dimensions) + (t * w) + j] = (float)data[offset + t];
            }

            packedNorms[column] = (float)norms[referenceRows[i]];
            packedReferences[column] = i;
        }

        var (centrePanels, centrePanelNorms) = PackCentres(centres, groupCount, dimensions);
        var blockBounds = groupCount > 1 ? BlockBounds.Build(data, dimensions, referenceRows, assignment, centres, groupCount) : null;
        return new ReferenceGroups(groupCount, firstPanel, panelCount, packed, packedNorms, packedReferences, centrePanels, centrePanelNorms, radii, blockBounds);
    }

    /// <summary>The positions of <paramref name="queryRows"/> ordered by nearest group (stably).</summary>
    public int[] OrderQueries(double[] data, int dimensions, int[] queryRows, double[] norms)
    {
        var order = Enumerable.Range(0, queryRows.Length).ToArray();
        if (GroupCount > 1)
        {
            var nearest = Nearest(data, dimensions, queryRows, _centres, _centreNorms, GroupCount);
            var keys = nearest.Select((g, i) => ((long)g * queryRows.Length) + i).ToArray();
            Array.Sort(keys, order);
        }

        return order;
    }

    /// <summary>
    /// lower[i · groups + g] ≤ the squared distance from query i to every member of group g: the larger of the whole
    /// ball's bound (float centre distances) and the block bound of <see cref="BlockBounds"/> (from the exact query values
    /// <paramref name="queries"/>, row-major).
    /// </summary>
    public void LowerBounds(float[] qf, double[] queries, int dimensions, int padded, int count, double[] queryNorms, double unit, double[] lower, float[] tile)
    {
        BallBounds(qf, dimensions, padded, count, queryNorms, unit, lower, tile);
        _blockBounds?.Refine(queries, count, GroupCount, lower);
    }

    private void BallBounds(float[] qf, int dimensions, int padded, int count, double[] queryNorms, double unit, double[] lower, float[] tile)
    {
        var centrePanels = (GroupCount + CentrePanelWidth - 1) / CentrePanelWidth;
        for (var p = 0; p < centrePanels; p++)
        {
            ref var panel = ref _centres[(long)p * CentrePanelWidth * dimensions];
            for (var q0 = 0; q0 < padded; q0 += 4)
            {
                ScreenedKnn.MicroKernel(ref qf[q0 * dimensions], dimensions, ref panel, tile);
                for (var r = 0; r < 4 && q0 + r < count; r++)
                {
                    var qn = queryNorms[q0 + r];
                    for (var j = 0; j < CentrePanelWidth; j++)
                    {
                        var g = (p * CentrePanelWidth) + j;
                        if (g >= GroupCount)
                        {
                            break;
                        }

                        double cn = _centreNorms[g];
                        var approx = qn + cn - (2.0 * tile[(r * CentrePanelWidth) + j]);
                        var centreDistance = Math.Sqrt(Math.Max(0, approx - (unit * (qn + cn))));
                        var gap = centreDistance - _radii[g];
                        lower[((q0 + r) * GroupCount) + g] = gap > 0 ? gap * gap : 0;
                    }
                }
            }
        }
    }

    private static (float[] Panels, float[] Norms) PackCentres(double[] centres, int groupCount, int dimensions)
    {
        const int w = CentrePanelWidth;
        var panels = (groupCount + w - 1) / w;
        var packed = new float[panels * w * dimensions];
        var packedNorms = new float[panels * w];
        Array.Fill(packedNorms, float.PositiveInfinity);
        for (var g = 0; g < groupCount; g++)
        {
            var panel = g / w;
            var j = g % w;
            var norm = 0.0;
            for (var t = 0; t < dimensions; t++)
            {
                var value = (float)centres[(g * dimensions) + t];
                packed[(panel * w * dimensions) + (t * w) + j] = value;
                norm += (double)value * value;
            }

            packedNorms[g] = (float)norm;
        }

        return (packed, packedNorms);
    }

    /// <summary>The nearest centre of each row by float distances (ties to the lower centre), in parallel.</summary>
    private static int[] Nearest(double[] data, int dimensions, int[] rows, float[] centrePanels, float[] centreNorms, int groupCount)
    {
        const int chunk = 256;
        const int w = CentrePanelWidth;
        var nearest = new int[rows.Length];
        var panels = (groupCount + w - 1) / w;
        Parallel.For(0, (rows.Length + chunk - 1) / chunk, c =>
        {
            var start = c * chunk;
            var count = Math.Min(chunk, rows.Length - start);
            var padded = (count + 3) / 4 * 4;
            var qf = new float[padded * dimensions];
            for (var i = 0; i < count; i++)
            {
                for (var t = 0; t < dimensions; t++)
                {
                    qf[(i * dimensions) + t] = (float)data[((long)rows[start + i] * dimensions) + t];
                }
            }

            var best = new float[padded];
            Array.Fill(best, float.PositiveInfinity);
            var tile = new float[4 * w];
            for (var p = 0; p < panels; p++)
            {
                ref var panel = ref MemoryMarshal.GetArrayDataReference(centrePanels);
                panel = ref System.Runtime.CompilerServices.Unsafe.Add(ref panel, (nint)p * w * dimensions);
                for (var q0 = 0; q0 < padded; q0 += 4)
                {
                    ScreenedKnn.MicroKernel(ref qf[q0 * dimensions], dimensions, ref panel, tile);
                    for (var r = 0; r < 4 && q0 + r < count; r++)
                    {
                        for (var j = 0; j < w; j++)
                        {
                            var value = centreNorms[(p * w) + j] - (2 * tile[(r * w) + j]);
                            if (value < best[q0 + r])
                            {
                                best[q0 + r] = value;
                                nearest[start + q0 + r] = (p * w) + j;
                            }
                        }
                    }
                }
            }
        });
        return nearest;
    }
}
