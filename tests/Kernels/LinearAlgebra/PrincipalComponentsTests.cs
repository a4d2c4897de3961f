using PllmML.Kernels.LinearAlgebra;

namespace PllmML.Kernels.Tests.LinearAlgebra;

public sealed class PrincipalComponentsTests
{
    /// <summary>PCA by numpy's SVD of the centred matrix, with scikit-learn's svd_flip on the scores.</summary>
    private const string Reference = """
        import sys, numpy as np
        cells, dims, k = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
        x = np.loadtxt(sys.argv[1]).reshape(cells, dims)
        xc = x - x.mean(axis=0)
        u, s, vt = np.linalg.svd(xc, full_matrices=False)
        u, s, vt = u[:, :k], s[:k], vt[:k]
        signs = np.sign(u[np.argmax(np.abs(u), axis=0), range(k)])
        print(" ".join(repr(v) for v in (u * s * signs).ravel()))
        print(" ".join(repr(v) for v in s ** 2 / (cells - 1)))
        print(" ".join(repr(v) for v in (vt * signs[:, None]).ravel()))
        """;

    public static TheoryData<int, int, int> Shapes => new()
    {
        { 120, 12, 5 },   // covariance path, Jacobi
        { 40, 90, 6 },    // more dimensions than cells: Gram path
        { 700, 260, 4 },  // covariance path, Lanczos
    };

    [NumpyTheory]
    [MemberData(nameof(Shapes))]
    public void FitScores_MatchNumpySvd(int cells, int dimensions, int components)
    {
        var data = Structured(cells, dimensions, seed: cells + dimensions);
        var pca = PrincipalComponents.FitScores(data, cells, dimensions, components);
        var reference = Run(data, cells, dimensions, components);
        for (var k = 0; k < components; k++)
        {
            Assert.Equal(reference[1][k], pca.ExplainedVariance[k], 1e-9 * reference[1][0]);
        }

        var scale = Math.Sqrt(reference[1][0]);
        for (var i = 0; i < reference[0].Length; i++)
        {
            Assert.True(Math.Abs(reference[0][i] - pca.Scores[i]) < 1e-7 * scale, $"score {i}: {pca.Scores[i]} vs numpy {reference[0][i]}");
        }
    }

    [NumpyTheory]
    [MemberData(nameof(Shapes))]
    public void Fit_Float_MatchesNumpySvd(int cells, int dimensions, int components)
    {
        if (dimensions > cells)
        {
            dimensions = cells / 2;
        }

        var data = Structured(cells, dimensions, seed: cells * dimensions);
        var floats = data.Select(v => (float)v).ToArray();
        var pca = PrincipalComponents.Fit(floats, cells, dimensions, components);
        var reference = Run(floats.Select(v => (double)v).ToArray(), cells, dimensions, components);
        for (var k = 0; k < components; k++)
        {
            Assert.Equal(reference[1][k], pca.ExplainedVariance[k], 1e-5 * reference[1][0]);
        }

        for (var i = 0; i < reference[2].Length; i++)
        {
            Assert.Equal(reference[2][i], pca.Components[i], 1e-4);
        }

        // Both precisions give the same decomposition (up to float rounding).
        var scores = PrincipalComponents.FitScores(floats.Select(v => (double)v).ToArray(), cells, dimensions, components);
        var projected = new float[components];
        for (var cell = 0; cell < cells; cell++)
        {
            pca.Project(floats.AsSpan(cell * dimensions, dimensions), projected);
            for (var k = 0; k < components; k++)
            {
                Assert.Equal(scores.Scores[(cell * components) + k], projected[k], 1e-3 * Math.Sqrt(scores.ExplainedVariance[0]));
            }
        }
    }

    [Fact]
    public void FitScores_GramAndCovariancePaths_Agree()
    {
        // 30 cells in 30 dimensions go the covariance way; one more dimension (all zeros) takes the Gram way.
        const int Cells = 30;
        var data = Structured(Cells, 30, seed: 5);
        var padded = new double[Cells * 31];
        for (var cell = 0; cell < Cells; cell++)
        {
            Array.Copy(data, cell * 30, padded, cell * 31, 30);
        }

        var covariance = PrincipalComponents.FitScores(data, Cells, 30, 4);
        var gram = PrincipalComponents.FitScores(padded, Cells, 31, 4);
        for (var k = 0; k < 4; k++)
        {
            Assert.Equal(covariance.ExplainedVariance[k], gram.ExplainedVariance[k], 1e-10 * covariance.ExplainedVariance[0]);
        }

        for (var i = 0; i < covariance.Scores.Count; i++)
        {
            Assert.Equal(covariance.Scores[i], gram.Scores[i], 1e-8);
        }
    }

    [Fact]
    public void Fit_BadComponentCount_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PrincipalComponents.FitScores(new double[12], 4, 3, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => PrincipalComponents.Fit(new float[12], 4, 3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PrincipalComponents.FitScores(new double[3], 1, 3, 1));
    }

    private static double[][] Run(double[] data, int cells, int dimensions, int components) =>
        Numpy.Run(Reference.Replace("sys.argv[2]", $"'{cells}'").Replace("sys.argv[3]", $"'{dimensions}'").Replace("sys.argv[4]", $"'{components}'"), data);

    /// <summary>Gaussian data with decreasing variance along a few random directions (well separated eigenvalues).</summary>
    private static double[] Structured(int cells, int dimensions, int seed)
    {
        var noise = Numpy.Gaussian(cells * dimensions, seed);
        var directions = Numpy.Gaussian(8 * dimensions, seed + 1);
        var weights = Numpy.Gaussian(cells * 8, seed + 2);
        var data = new double[cells * dimensions];
        for (var cell = 0; cell < cells; cell++)
        {
            for (var t = 0; t < dimensions; t++)
            {
                var value = 0.1 * noise[(cell * dimensions) + t];
                for (var c = 0; c < 8; c++)
                {
                    value += (8 - c) * weights[(cell * 8) + c] * directions[(c * dimensions) + t];
                }

                data[(cell * dimensions) + t] = value + 1.5;
            }
        }

        return data;
    }
}
