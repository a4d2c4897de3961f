namespace PllmML.Kernels.Neighbors;

/// <summary>
/// Tighter lower bounds on the distance from a query to every member of a <see cref="ReferenceGroups"/> group, from the
/// group's radius in blocks of coordinates. The distance splits over orthogonal blocks of dimensions,
/// |q − r|² = Σ_b |q_b − r_b|², and in each block |q_b − r_b| ≥ |q_b − c_b| − ρ_b with ρ_b the group's largest
/// member distance from its centre c within the block; so Σ_b max(0, |q_b − c_b| − ρ_b)² bounds every member.
/// </summary>
/// <remarks>
/// Why blocks. A cell embedding (PCs, or Harmony's correction of them) carries the differences between cell types in its
/// leading dimensions and near-isotropic noise in the rest. Over all 50 dimensions a group's ball is as wide as the
/// noise (radius ≈ 9.6 where the 90th neighbour lies at ≈ 7.5 and the next type's centre at ≈ 16), so the whole-ball
/// bound of <see cref="ReferenceGroups.LowerBounds"/> skips no group of another type and the search is brute force.
/// In the leading block the same group is narrow and far, so the bound rules the other types out. The blocks are the
/// dimension ranges [0, 4), [4, 8), [8, 16), [16, 32), [32, d); each bound is taken for every split into a leading and
/// a trailing part and for all blocks separately, and the largest used.
/// </remarks>
internal sealed class BlockBounds
{
    private static readonly int[] Boundaries = [4, 8, 16, 32];

    private readonly int _dimensions;
    private readonly int[] _starts;      // block b is [_starts[b], _starts[b + 1])
    private readonly double[] _centres;  // the groups' centres (float values), row-major
    private readonly double[] _radii;    // per group: blocks, then leading parts, then trailing parts

    private BlockBounds(int dimensions, int[] starts, double[] centres, double[] radii)
    {
        _dimensions = dimensions;
        _starts = starts;
        _centres = centres;
        _radii = radii;
    }

    private int Blocks => _starts.Length - 1;

    private int RadiiPerGroup => Blocks + (2 * (Blocks - 1));

    /// <summary>The block radii of each group; null where the embedding has one block only (up to 4 dimensions).</summary>
    /// <param name="data">Row-major values.</param>
    /// <param name="dimensions">Columns.</param>
    /// <param name="referenceRows">The references.</param>
    /// <param name="assignment">Each reference's group.</param>
    /// <param name="centres">The groups' centres, row-major, already rounded to float values.</param>
    /// <param name="groupCount">Groups.</param>
    public static BlockBounds? Build(double[] data, int dimensions, int[] referenceRows, int[] assignment, double[] centres, int groupCount)
    {
        int[] starts = [0, .. Boundaries.Where(b => b < dimensions), dimensions];
        if (starts.Length < 3)
        {
            return null;
        }

        var bounds = new BlockBounds(dimensions, starts, centres, new double[groupCount * ((starts.Length - 1) + (2 * (starts.Length - 2)))]);
        var sums = new double[bounds.Blocks];
        var per = bounds.RadiiPerGroup;
        var parts = new double[per];
        for (var i = 0; i < referenceRows.Length; i++)
        {
            var g = assignment[i];
            bounds.BlockSums(data, (long)referenceRows[i] * dimensions, g, sums);
            bounds.Parts(sums, parts);
            var radii = bounds._radii.AsSpan(g * per, per);
            for (var j = 0; j < per; j++)
            {
                radii[j] = Math.Max(radii[j], parts[j]);
            }
        }

        for (var j = 0; j < bounds._radii.Length; j++)
        {
            bounds._radii[j] = (Math.Sqrt(bounds._radii[j]) * (1 + 1e-12)) + 1e-300;
        }

        return bounds;
    }

    /// <summary>
    /// Raises lower[i · groups + g] to the block bound where that is larger, for the <paramref name="count"/> queries in
    /// <paramref name="queries"/> (row-major, the exact double values).
    /// </summary>
    public void Refine(double[] queries, int count, int groupCount, double[] lower)
    {
        var blocks = Blocks;
        var per = RadiiPerGroup;
        Span<double> sums = stackalloc double[blocks];
        Span<double> parts = stackalloc double[per];
        for (var i = 0; i < count; i++)
        {
            for (var g = 0; g < groupCount; g++)
            {
                BlockSums(queries, (long)i * _dimensions, g, sums);
                Parts(sums, parts);
                var radii = _radii.AsSpan(g * per, per);

                // Rounding of the sums is ≲ 1e-14 relative; 1e-12 keeps each distance below its exact value.
                var separate = 0.0;
                for (var b = 0; b < blocks; b++)
                {
                    separate += Gap(parts[b], radii[b]);
                }

                var best = separate;
                for (var s = 0; s < blocks - 1; s++)
                {
                    var leading = blocks + s;
                    var trailing = blocks + (blocks - 1) + s;
                    best = Math.Max(best, Gap(parts[leading], radii[leading]) + Gap(parts[trailing], radii[trailing]));
                }

                ref var slot = ref lower[(i * groupCount) + g];
                slot = Math.Max(slot, best);
            }
        }
    }

    private static double Gap(double squared, double radius)
    {
        var gap = Math.Sqrt(squared * (1 - 1e-12)) - radius;
        return gap > 0 ? gap * gap : 0;
    }

    /// <summary>Σ (x_t − c_t)² over each block, for the row at <paramref name="offset"/> against group g's centre.</summary>
    private void BlockSums(double[] values, long offset, int g, Span<double> sums)
    {
        var centre = (long)g * _dimensions;
        for (var b = 0; b < Blocks; b++)
        {
            var sum = 0.0;
            for (var t = _starts[b]; t < _starts[b + 1]; t++)
            {
                var d = values[offset + t] - _centres[centre + t];
                sum += d * d;
            }

            sums[b] = sum;
        }
    }

    /// <summary>
    /// The squared distance within each block, each leading part (blocks 0..s) and each trailing part (blocks s + 1..),
    /// in that order (the layout of a group's radii).
    /// </summary>
    private void Parts(ReadOnlySpan<double> sums, Span<double> parts)
    {
        var blocks = Blocks;
        var leading = 0.0;
        for (var s = 0; s < blocks; s++)
        {
            parts[s] = sums[s];
            if (s == blocks - 1)
            {
                break;
            }

            leading += sums[s];
            var trailing = 0.0;
            for (var b = s + 1; b < blocks; b++)
            {
                trailing += sums[b];
            }

            parts[blocks + s] = leading;
            parts[blocks + (blocks - 1) + s] = trailing;
        }
    }
}
