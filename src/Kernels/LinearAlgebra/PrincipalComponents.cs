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
    /// <remarks>
    /// This is <see cref="PrincipalComponentsAccumulator"/> fed from the array: streaming the same cells through the
    /// accumulator gives the same result bit for bit.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The component count is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> has fewer than cells × genes values.</exception>
    public static PrincipalComponents Fit(ReadOnlySpan<float> data, int cells, int genes, int components = DefaultComponents, int seed = 0)
    {
        if (components < 1 || components > Math.Min(cells, genes))
        {
            throw new ArgumentOutOfRangeException(nameof(components), components, $"Between 1 and min(cells {cells}, genes {genes}).");
        }

        CheckLength(data.Length, cells, genes, nameof(data));
        var fit = new PrincipalComponentsAccumulator(genes, components, seed);
        while (!fit.IsComplete)
        {
            for (var cell = 0; cell < cells; cell++)
            {
                fit.Add(data.Slice(cell * genes, genes));
            }

            fit.EndPass();
        }

        return fit.Result;
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
    /// <exception cref="ArgumentException"><paramref name="data"/> has fewer than cells × dimensions values.</exception>
    public static PrincipalComponentScores FitScores(ReadOnlySpan<double> data, int cells, int dimensions, int components, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cells, 2);
        if (components < 1 || components > Math.Min(cells, dimensions))
        {
            throw new ArgumentOutOfRangeException(nameof(components), components, $"Between 1 and min(cells {cells}, dimensions {dimensions}).");
        }

        CheckLength(data.Length, cells, dimensions, nameof(data));
        var sums = new CovarianceBlocks<double>(dimensions);
        for (var cell = 0; cell < cells; cell++)
        {
            sums.AddToMean(data.Slice(cell * dimensions, dimensions));
        }

        var mean = sums.FinishMean();
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
            for (var cell = 0; cell < cells; cell++)
            {
                sums.AddToCovariance(data.Slice(cell * dimensions, dimensions));
            }

            var (values, vectors) = SymmetricEigen.Leading(sums.FinishCovariance(), dimensions, components, seed);
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

    /// <summary>Checks that a row-major matrix of <paramref name="rows"/> × <paramref name="columns"/> fits in <paramref name="length"/> values (in 64 bits: the product may pass 2^31).</summary>
    internal static void CheckLength(int length, int rows, int columns, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns > length)
        {
            throw new ArgumentException($"{rows} × {columns} = {(long)rows * columns} values expected; {length} given.", name);
        }
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
}
