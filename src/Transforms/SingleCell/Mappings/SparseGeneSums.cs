using System.Numerics;
using Microsoft.ML.Data;

namespace PllmML.Transforms.SingleCell.Mappings;

/// <summary>
/// One species' shared-gene sums from a cell's non-zero counts alone: per model gene, the features it feeds, and a
/// bitmap of the features a cell touched, read back in feature order. Bit for bit the dense sum over every gene entry
/// when no feature is fed by more than two genes (0 + a = a and a + b = b + a, so the order of the non-zero additions
/// cannot matter; adding a zero changes nothing); <see cref="Of"/> gives null otherwise, and the dense sum serves.
/// </summary>
internal sealed class SparseGeneSums
{
    private readonly int[] _entryStart;
    private readonly int[] _features;
    private readonly float[] _sums;
    private readonly ulong[] _touched;

    private SparseGeneSums(int[] entryStart, int[] features, int featureCount)
    {
        _entryStart = entryStart;
        _features = features;
        _sums = new float[featureCount];
        _touched = new ulong[(featureCount + 63) / 64];
    }

    /// <summary>The model genes the map reads (one more than the largest source gene).</summary>
    public int GenesRead => _entryStart.Length - 1;

    /// <summary>The sums for a map of (source gene, target feature) entries; null when a feature has more than two sources.</summary>
    /// <param name="sources">Per entry, its model gene (non-negative).</param>
    /// <param name="targets">Per entry, its feature in 0 … <paramref name="featureCount"/> − 1.</param>
    /// <param name="featureCount">The shared features.</param>
    public static SparseGeneSums? Of(ReadOnlySpan<int> sources, ReadOnlySpan<int> targets, int featureCount)
    {
        var fedBy = new int[featureCount];
        var genes = 0;
        for (var entry = 0; entry < sources.Length; entry++)
        {
            if (++fedBy[targets[entry]] > 2)
            {
                return null;
            }

            genes = Math.Max(genes, sources[entry] + 1);
        }

        var byGene = KeyedItems.Of(sources, genes);
        var features = new int[sources.Length];
        for (var k = 0; k < features.Length; k++)
        {
            features[k] = targets[byGene.Items[k]];
        }

        return new SparseGeneSums(byGene.Start, features, featureCount);
    }

    /// <summary>Sums a sparse cell's counts into its features and writes the non-zero sums, in feature order, into <paramref name="result"/>.</summary>
    /// <param name="indices">The cell's model genes with a stored count, ascending, each below <see cref="GenesRead"/> or ignored beyond it.</param>
    /// <param name="values">Their counts.</param>
    /// <param name="result">The sparse sums over the features, reusing its buffers.</param>
    public void Sum(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ref VBuffer<float> result)
    {
        for (var k = 0; k < values.Length; k++)
        {
            var gene = indices[k];
            if (values[k] == 0 || gene >= GenesRead)
            {
                continue;
            }

            for (var e = _entryStart[gene]; e < _entryStart[gene + 1]; e++)
            {
                var feature = _features[e];
                ref var word = ref _touched[feature >> 6];
                var bit = 1UL << (feature & 63);
                if ((word & bit) == 0)
                {
                    word |= bit;
                    _sums[feature] = values[k];
                }
                else
                {
                    _sums[feature] += values[k];
                }
            }
        }

        // Room for every touched feature; a sum of 0 (opposite values) is left out, so the result may be shorter.
        var touched = 0;
        foreach (var word in _touched)
        {
            touched += BitOperations.PopCount(word);
        }

        var editor = VBufferEditor.Create(ref result, _sums.Length, touched, requireIndicesOnDense: true);
        var at = 0;
        for (var w = 0; w < _touched.Length; w++)
        {
            for (var bits = _touched[w]; bits != 0; bits &= bits - 1)
            {
                var feature = (w << 6) + BitOperations.TrailingZeroCount(bits);
                if (_sums[feature] != 0)
                {
                    editor.Indices[at] = feature;
                    editor.Values[at++] = _sums[feature];
                }
            }

            _touched[w] = 0;
        }

        result = editor.CommitTruncated(at);
    }
}
