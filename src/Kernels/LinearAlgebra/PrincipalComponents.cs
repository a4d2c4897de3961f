using System.Numerics;
using System.Numerics.Tensors;

namespace PllmML.Kernels.LinearAlgebra;

/// <summary>
/// Principal components of a cells × genes matrix — the one PCA of PllmML (the model's PCA stage and the evaluation's
/// PCR and UMAP initialisation). The data are centred, the gene covariance (n − 1 denominator) is formed exactly by
/// blocked dot products, and its leading eigenpairs come from <see cref="SymmetricEigen.Leading"/> (cyclic Jacobi for
/// small matrices; Lanczos with full reorthogonalisation, to a residual below 1e-9 of the largest eigenvalue, for
/// large ones). When there are more genes than cells, <see cref="FitScores"/> decomposes the cells × cells Gram
/// matrix instead. Signs follow scikit-learn 1.2's <c>svd_flip</c>: each component's score vector has its largest
/// absolute entry positive.
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

        var mean = Means(data, cells, genes);
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

    /// <summary>Projects one cell with loadings held elsewhere (for example a saved model's state).</summary>
    /// <param name="values">The cell's values, one per gene.</param>
    /// <param name="scores">The component scores.</param>
    /// <param name="mean">Per-gene means.</param>
    /// <param name="components">Components × genes loadings, row-major.</param>
    public static void Project(ReadOnlySpan<float> values, Span<float> scores, ReadOnlySpan<float> mean, ReadOnlySpan<float> components)
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

    /// <summary>
    /// Scores and variances of the leading components of a double-precision matrix (the evaluation's embeddings),
    /// without keeping loadings: by the covariance as in <see cref="Fit"/> when there are at most as many dimensions as
    /// cells, else by the cells × cells Gram matrix of the centred rows (scores U√Λ, variances Λ / (n − 1)).
    /// </summary>
    /// <param name="data">Row-major cells × dimensions values.</param>
    /// <param name="cells">Number of cells, at least 2.</param>
    /// <param name="dimensions">Number of dimensions.</param>
    /// <param name="components">Number of components; between 1 and min(cells, dimensions).</param>
    /// <param name="seed">Seed of the eigen-solver's start vector (large matrices only).</param>
    /// <exception cref="ArgumentOutOfRangeException">Too few cells, or the component count is out of range.</exception>
    public static PrincipalComponentScores FitScores(ReadOnlySpan<double> data, int cells, int dimensions, int components, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cells, 2);
        if (components < 1 || components > Math.Min(cells, dimensions))
        {
            throw new ArgumentOutOfRangeException(nameof(components), components, $"Between 1 and min(cells {cells}, dimensions {dimensions}).");
        }

        var mean = Means(data, cells, dimensions);
        var scores = new double[cells * components];
        double[] variances;
        if (dimensions > cells)
        {
            var gram = Gram(data, cells, dimensions, mean);
            var (values, vectors) = SymmetricEigen.Leading(gram, cells, components, seed);
            for (var cell = 0; cell < cells; cell++)
            {
                for (var k = 0; k < components; k++)
                {
                    scores[(cell * components) + k] = vectors[(cell * components) + k] * Math.Sqrt(Math.Max(values[k], 0));
                }
            }

            variances = values.Select(v => Math.Max(v, 0) / (cells - 1)).ToArray();
        }
        else
        {
            var (values, vectors) = SymmetricEigen.Leading(Covariance(data, cells, dimensions, mean), dimensions, components, seed);
            var centred = new double[dimensions];
            for (var cell = 0; cell < cells; cell++)
            {
                TensorPrimitives.Subtract(data.Slice(cell * dimensions, dimensions), mean, centred);
                for (var k = 0; k < components; k++)
                {
                    var sum = 0.0;
                    for (var t = 0; t < dimensions; t++)
                    {
                        sum += centred[t] * vectors[(t * components) + k];
                    }

                    scores[(cell * components) + k] = sum;
                }
            }

            variances = values.Select(v => Math.Max(v, 0)).ToArray();
        }

        FlipSigns(scores, cells, components);
        return new PrincipalComponentScores(scores, variances, cells, components);
    }

    private static T[] Means<T>(ReadOnlySpan<T> data, int cells, int genes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sum = new double[genes];
        for (var cell = 0; cell < cells; cell++)
        {
            var row = data.Slice(cell * genes, genes);
            for (var gene = 0; gene < genes; gene++)
            {
                sum[gene] += double.CreateTruncating(row[gene]);
            }
        }

        var mean = new T[genes];
        for (var gene = 0; gene < genes; gene++)
        {
            mean[gene] = T.CreateTruncating(sum[gene] / cells);
        }

        return mean;
    }

    private static double[] Gram(ReadOnlySpan<double> data, int cells, int dimensions, double[] mean)
    {
        var centred = new double[cells * dimensions];
        for (var cell = 0; cell < cells; cell++)
        {
            TensorPrimitives.Subtract(data.Slice(cell * dimensions, dimensions), mean, centred.AsSpan(cell * dimensions, dimensions));
        }

        var gram = new double[cells * cells];
        Parallel.For(0, cells, i =>
        {
            var row = centred.AsSpan(i * dimensions, dimensions);
            for (var j = 0; j <= i; j++)
            {
                gram[(i * cells) + j] = gram[(j * cells) + i] = TensorPrimitives.Dot(row, centred.AsSpan(j * dimensions, dimensions));
            }
        });
        return gram;
    }

    /// <summary>scikit-learn's <c>svd_flip</c> on scores: each column's largest absolute entry (the first on ties) positive.</summary>
    private static void FlipSigns(double[] scores, int cells, int components)
    {
        for (var k = 0; k < components; k++)
        {
            var largest = 0.0;
            for (var cell = 0; cell < cells; cell++)
            {
                if (Math.Abs(scores[(cell * components) + k]) > Math.Abs(largest))
                {
                    largest = scores[(cell * components) + k];
                }
            }

            if (largest < 0)
            {
                for (var cell = 0; cell < cells; cell++)
                {
                    scores[(cell * components) + k] = -scores[(cell * components) + k];
                }
            }
        }
    }

    private static double[] Covariance<T>(ReadOnlySpan<T> data, int cells, int genes, T[] mean)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Gene-major blocks of cells keep the pairwise dot products in cache.
        const int Block = 256;
        var covariance = new double[genes * genes];
        var block = new T[genes * Block];
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
                    covariance[(i * genes) + j] += double.CreateTruncating(TensorPrimitives.Dot<T>(a, block.AsSpan(j * Block, size)));
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
