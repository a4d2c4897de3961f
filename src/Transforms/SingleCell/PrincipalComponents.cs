using System.Numerics.Tensors;
using PllmML.Kernels.LinearAlgebra;

namespace PllmML.Transforms.SingleCell;

/// <summary>
/// Principal components of a cells × genes matrix: the data are centred, the gene covariance is formed exactly, and
/// its leading eigenvectors are found by Lanczos with full reorthogonalisation until every wanted eigenpair's
/// residual is below 1e-9 of the largest eigenvalue (small matrices: cyclic Jacobi). Signs follow scikit-learn 1.2's <c>svd_flip</c>: each
/// component's score vector has its largest absolute entry positive.
/// </summary>
/// <param name="Mean">Per-gene means subtracted before projecting.</param>
/// <param name="Components">Components × genes loadings, row-major (orthonormal rows).</param>
/// <param name="ExplainedVariance">Variance of the data along each component (ddof 1).</param>
public sealed record PrincipalComponents(float[] Mean, float[] Components, double[] ExplainedVariance)
{
    /// <summary>The default number of components.</summary>
    public const int DefaultComponents = 50;

    /// <summary>Number of components.</summary>
    public int ComponentCount => ExplainedVariance.Length;

    /// <summary>Number of genes.</summary>
    public int GeneCount => Mean.Length;

    /// <summary>Fits the components.</summary>
    /// <param name="data">Row-major cells × genes values.</param>
    /// <param name="cells">Number of cells.</param>
    /// <param name="genes">Number of genes.</param>
    /// <param name="components">Number of components; at most min(cells, genes).</param>
    /// <param name="seed">Seed of the starting subspace.</param>
    public static PrincipalComponents Fit(ReadOnlySpan<float> data, int cells, int genes, int components = DefaultComponents, int seed = 0)
    {
        if (components < 1 || components > Math.Min(cells, genes))
        {
            throw new ArgumentOutOfRangeException(nameof(components), components, $"Between 1 and min(cells {cells}, genes {genes}).");
        }

        var mean = new float[genes];
        var sum = new double[genes];
        for (var cell = 0; cell < cells; cell++)
        {
            var row = data.Slice(cell * genes, genes);
            for (var gene = 0; gene < genes; gene++)
            {
                sum[gene] += row[gene];
            }
        }

        for (var gene = 0; gene < genes; gene++)
        {
            mean[gene] = (float)(sum[gene] / cells);
        }

        var covariance = Covariance(data, cells, genes, mean);
        var (values, vectors) = SymmetricEigen.Leading(covariance, genes, components, seed);
        var loadings = new float[components * genes];
        for (var k = 0; k < components; k++)
        {
            for (var gene = 0; gene < genes; gene++)
            {
                loadings[(k * genes) + gene] = (float)vectors[(gene * components) + k];
            }
        }

        var result = new PrincipalComponents(mean, loadings, values);
        result.FlipSigns(data, cells);
        return result;
    }

    /// <summary>Projects one cell.</summary>
    /// <param name="values">The cell's values, one per gene.</param>
    /// <param name="scores">The component scores.</param>
    public void Project(ReadOnlySpan<float> values, Span<float> scores) => Project(values, scores, Mean, Components);

    internal static void Project(ReadOnlySpan<float> values, Span<float> scores, ReadOnlySpan<float> mean, ReadOnlySpan<float> components)
    {
        var genes = mean.Length;
        Span<float> centred = genes <= 4096 ? stackalloc float[genes] : new float[genes];
        TensorPrimitives.Subtract(values[..genes], mean, centred);
        var count = components.Length / genes;
        for (var k = 0; k < count; k++)
        {
            scores[k] = TensorPrimitives.Dot(centred, components.Slice(k * genes, genes));
        }
    }

    private static double[] Covariance(ReadOnlySpan<float> data, int cells, int genes, float[] mean)
    {
        // Gene-major blocks of cells keep the pairwise dot products in cache.
        const int Block = 256;
        var covariance = new double[genes * genes];
        var block = new float[genes * Block];
        for (var start = 0; start < cells; start += Block)
        {
            var size = Math.Min(Block, cells - start);
            for (var c = 0; c < size; c++)
            {
                var row = data.Slice((start + c) * genes, genes);
                for (var gene = 0; gene < genes; gene++)
                {
                    block[(gene * Block) + c] = row[gene] - mean[gene];
                }
            }

            Parallel.For(0, genes, i =>
            {
                var a = block.AsSpan(i * Block, size);
                for (var j = 0; j <= i; j++)
                {
                    covariance[(i * genes) + j] += TensorPrimitives.Dot(a, block.AsSpan(j * Block, size));
                }
            });
        }

        for (var i = 0; i < genes; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var value = covariance[(i * genes) + j] / (cells - 1);
                covariance[(i * genes) + j] = value;
                covariance[(j * genes) + i] = value;
            }
        }

        return covariance;
    }

    private void FlipSigns(ReadOnlySpan<float> data, int cells)
    {
        var genes = GeneCount;
        var count = ComponentCount;
        var largest = new float[count];
        Span<float> scores = stackalloc float[count];
        for (var cell = 0; cell < cells; cell++)
        {
            Project(data.Slice(cell * genes, genes), scores);
            for (var k = 0; k < count; k++)
            {
                if (Math.Abs(scores[k]) > Math.Abs(largest[k]))
                {
                    largest[k] = scores[k];
                }
            }
        }

        for (var k = 0; k < count; k++)
        {
            if (largest[k] < 0)
            {
                TensorPrimitives.Negate(Components.AsSpan(k * genes, genes), Components.AsSpan(k * genes, genes));
            }
        }
    }
}
