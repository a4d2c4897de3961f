using System.Numerics.Tensors;

namespace PllmML.Kernels.LinearAlgebra;

/// <summary>
/// Fits <see cref="PrincipalComponents"/> from cells streamed one at a time, in three passes over the same cells in the
/// same order, so that no cells × genes matrix is ever held: the means; the covariance (in the blocks of 256 cells of
/// <see cref="PrincipalComponents.Fit"/>, then its leading eigenvectors); the signs (each cell projected). The sums are
/// those of <see cref="PrincipalComponents.Fit"/>, in the same order, so the result is the same bit for bit — that
/// method is this accumulator fed from an array. Memory: the genes × genes covariance (doubles) and one block of 256
/// cells.
/// </summary>
/// <example>
/// <code>
/// var fit = new PrincipalComponentsAccumulator(genes, components, seed);
/// while (!fit.IsComplete)
/// {
///     foreach (var cell in cells) { fit.Add(cell); }
///     fit.EndPass();
/// }
/// var pca = fit.Result;
/// </code>
/// </example>
public sealed class PrincipalComponentsAccumulator
{
    /// <summary>The number of passes over the cells.</summary>
    public const int Passes = 3;

    private readonly int _components;
    private readonly int _seed;
    private readonly CovarianceBlocks<float> _sums;
    private PrincipalComponents? _unsigned;
    private PrincipalComponents? _result;
    private float[]? _largest;
    private float[]? _scores;
    private long _signedCells;

    /// <summary>Starts the first pass.</summary>
    /// <param name="genes">Values per cell.</param>
    /// <param name="components">Number of components; at most min(cells, genes), cells being checked after the first pass.</param>
    /// <param name="seed">Seed of the eigen-solver's starting subspace.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="components"/> is not between 1 and <paramref name="genes"/>.</exception>
    public PrincipalComponentsAccumulator(int genes, int components, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(genes);
        if (components < 1 || components > genes)
        {
            throw new ArgumentOutOfRangeException(nameof(components), components, $"Between 1 and min(cells, genes {genes}).");
        }

        Genes = genes;
        _components = components;
        _seed = seed;
        _sums = new CovarianceBlocks<float>(genes);
    }

    /// <summary>Values per cell.</summary>
    public int Genes { get; }

    /// <summary>The pass now being fed: 0 (means), 1 (covariance), 2 (signs); <see cref="Passes"/> once complete.</summary>
    public int Pass { get; private set; }

    /// <summary>Whether all passes are done and <see cref="Result"/> is ready.</summary>
    public bool IsComplete => Pass == Passes;

    /// <summary>Cells seen by the first pass.</summary>
    public long Cells => _sums.Rows;

    /// <summary>The fitted components.</summary>
    /// <exception cref="InvalidOperationException">Not all passes are done.</exception>
    public PrincipalComponents Result => _result ?? throw new InvalidOperationException($"Pass {Pass} of {Passes} is not done.");

    /// <summary>Adds one cell to the current pass.</summary>
    /// <param name="cell">The cell's values, one per gene.</param>
    /// <exception cref="ArgumentException">The cell does not have <see cref="Genes"/> values.</exception>
    /// <exception cref="InvalidOperationException">All passes are done.</exception>
    public void Add(ReadOnlySpan<float> cell)
    {
        switch (Pass)
        {
            case 0:
                _sums.AddToMean(cell);
                break;
            case 1:
                _sums.AddToCovariance(cell);
                break;
            case 2:
                AddToSigns(cell);
                break;
            default:
                throw new InvalidOperationException("All passes are done.");
        }
    }

    /// <summary>Ends the current pass (after the last pass, <see cref="Result"/> is ready).</summary>
    /// <exception cref="InvalidOperationException">
    /// After the first pass: more components than cells. Later: a pass saw a different number of cells than the first,
    /// or all passes are done.
    /// </exception>
    public void EndPass()
    {
        switch (Pass)
        {
            case 0:
                if (_components > Cells)
                {
                    throw new InvalidOperationException($"{_components} components from {Cells} cells: at most min(cells, genes {Genes}).");
                }

                _sums.FinishMean();
                break;
            case 1:
                _unsigned = Decompose(_sums.FinishMean(), _sums.FinishCovariance());
                _largest = new float[_components];
                _scores = new float[_components];
                break;
            case 2:
                if (_signedCells != Cells)
                {
                    throw new InvalidOperationException($"The signs pass saw {_signedCells} cells, the means pass {Cells}: the data changed between two reads.");
                }

                _result = FlipSigns(_unsigned!, _largest!);
                break;
            default:
                throw new InvalidOperationException("All passes are done.");
        }

        Pass++;
    }

    private PrincipalComponents Decompose(float[] mean, double[] covariance)
    {
        var genes = Genes;
        var (values, vectors) = SymmetricEigen.Leading(covariance, genes, _components, _seed);
        var loadings = new float[checked(_components * genes)];
        for (var k = 0; k < _components; k++)
        {
            for (var gene = 0; gene < genes; gene++)
            {
                loadings[(k * genes) + gene] = (float)vectors[(gene * _components) + k];
            }
        }

        return new PrincipalComponents(mean, loadings, values);
    }

    private void AddToSigns(ReadOnlySpan<float> cell)
    {
        if (cell.Length != Genes)
        {
            throw new ArgumentException($"Cell {_signedCells} has {cell.Length} values; expected {Genes}.", nameof(cell));
        }

        // scikit-learn's svd_flip on the scores: each component's largest absolute score (the first on ties) positive.
        var scores = _scores!;
        var largest = _largest!;
        _unsigned!.Project(cell, scores);
        for (var k = 0; k < scores.Length; k++)
        {
            if (Math.Abs(scores[k]) > Math.Abs(largest[k]))
            {
                largest[k] = scores[k];
            }
        }

        _signedCells++;
    }

    private static PrincipalComponents FlipSigns(PrincipalComponents pca, float[] largest)
    {
        var genes = pca.GeneCount;
        for (var k = 0; k < largest.Length; k++)
        {
            if (largest[k] < 0)
            {
                TensorPrimitives.Negate(pca.Components.AsSpan(k * genes, genes), pca.Components.AsSpan(k * genes, genes));
            }
        }

        return pca;
    }
}
