using System.Runtime.InteropServices;
using PllmML.Kernels.LinearAlgebra;
using PllmML.Transforms.SingleCell;

namespace PllmML.Transforms.Tests.SingleCell;

public sealed class PrincipalComponentsTests
{
    [Fact]
    public void Fit_SmallMatrix_MatchesJacobiOfCovariance()
    {
        // 4 cells × 3 genes; eigenvalues of the sample covariance by numpy.linalg.eigh: see the comment values.
        float[] data = [1, 2, 0, 2, 4, 1, 3, 7, 0, 6, 1, 2];
        var pca = PrincipalComponents.Fit(data, 4, 3, 2);
        var expected = Covariance(data, 4, 3);
        var (values, _) = SymmetricEigenReference(expected);
        Assert.Equal(values[0], pca.ExplainedVariance[0], 6);
        Assert.Equal(values[1], pca.ExplainedVariance[1], 6);
    }

    [SklearnFact]
    public void Fit_PancreasScaledVariableGenes_MatchesSklearn()
    {
        var (data, cells, genes) = ScaledPancreas();
        var pca = PrincipalComponents.Fit(data, cells, genes, 50);

        var folder = TestPaths.NewTempFolder();
        var input = Path.Combine(folder, "x.f32");
        var output = Path.Combine(folder, "pca.f64");
        File.WriteAllBytes(input, MemoryMarshal.AsBytes(data.AsSpan()).ToArray());
        PythonPeer.Run(Fixtures.Path("pca_reference.py"), input, $"{cells}", $"{genes}", "50", output);
        var reference = MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(output)).ToArray();
        Directory.Delete(folder, true);

        var variances = reference.AsSpan(50 * genes, 50).ToArray();
        Fixtures.AssertClose(variances, pca.ExplainedVariance, 1e-5, "explained variance");
        var scores = new float[50];
        double worst = 0;
        for (var cell = 0; cell < cells; cell++)
        {
            pca.Project(data.AsSpan(cell * genes, genes), scores);
            for (var k = 0; k < 50; k++)
            {
                worst = Math.Max(worst, Math.Abs(scores[k] - reference[(50 * genes) + 50 + (cell * 50) + k]) / Math.Sqrt(variances[0]));
            }
        }

        Assert.True(worst < 1e-3, $"max score difference {worst:G3} of the first component's sd");
    }

    /// <summary>Human + mouse pancreas: shared genes, log-normalised, 2000 Seurat v3 genes by species, scaled and clipped at 10.</summary>
    internal static (float[] Data, int Cells, int Genes) ScaledPancreas()
    {
        var (counts, species) = PancreasData.SharedCounts(PancreasData.GeneSpace());
        var selected = SeuratV3VariableGenes.Select(counts, species, 2, 2000).Selected;
        var cells = counts.RowCount;
        var data = new float[cells * selected.Length];
        var dense = counts.ToDense();
        var normalized = new float[counts.ColumnCount];
        for (var cell = 0; cell < cells; cell++)
        {
            LogNormalization.Apply(dense.AsSpan(cell * counts.ColumnCount, counts.ColumnCount), normalized, 1e4f);
            for (var g = 0; g < selected.Length; g++)
            {
                data[(cell * selected.Length) + g] = normalized[selected[g]];
            }
        }

        var scaling = GeneScaling.Fit(data, cells, selected.Length);
        for (var cell = 0; cell < cells; cell++)
        {
            var row = data.AsSpan(cell * selected.Length, selected.Length);
            scaling.Apply(row, row);
        }

        return (data, cells, selected.Length);
    }

    private static double[] Covariance(float[] data, int cells, int genes)
    {
        var mean = new double[genes];
        for (var c = 0; c < cells; c++)
        {
            for (var g = 0; g < genes; g++)
            {
                mean[g] += data[(c * genes) + g] / (double)cells;
            }
        }

        var cov = new double[genes * genes];
        for (var c = 0; c < cells; c++)
        {
            for (var i = 0; i < genes; i++)
            {
                for (var j = 0; j < genes; j++)
                {
                    cov[(i * genes) + j] += (data[(c * genes) + i] - mean[i]) * (data[(c * genes) + j] - mean[j]) / (cells - 1);
                }
            }
        }

        return cov;
    }

    private static (double[] Values, double[] Vectors) SymmetricEigenReference(double[] matrix) =>
        SymmetricEigen.Jacobi((double[])matrix.Clone(), (int)Math.Sqrt(matrix.Length));
}
