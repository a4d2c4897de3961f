using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Data;
using PllmML.Transforms.SingleCell;

namespace PllmML.Transforms.Tests.SingleCell;

/// <summary>
/// The estimators that stream cells through the chain fit exactly (bit for bit) what the matrix-based numeric code
/// fits on the same cells, and the column readers keep the row order.
/// </summary>
public sealed class StreamingFitTests
{
    private const int Cells = 240;
    private const int Genes = 60;

    [Fact]
    public void GeneScalingEstimator_StreamedFit_EqualsFitOnTheMatrix()
    {
        var (rows, matrix) = Generate(seed: 3);
        var data = new MLContext(0).Data.LoadFromEnumerable(rows.Select(row => new ScaledInput { Species = row.Species, VariableGenes = row.Counts }));

        var streamed = new GeneScalingEstimator(new MLContext(0), 8f).Fit(data).Scaling;
        var reference = GeneScaling.Fit(matrix, Cells, Genes, 8f);

        Assert.Equal(reference.Means, streamed.Means);
        Assert.Equal(reference.StandardDeviations, streamed.StandardDeviations);
        Assert.Equal(8f, streamed.MaxValue);
    }

    [Fact]
    public void VariableGeneSelectingEstimator_StreamedCounts_SelectLikeTheCsrMatrix()
    {
        var (rows, matrix) = Generate(seed: 5);
        var data = new MLContext(0).Data.LoadFromEnumerable(rows.Select(row => new CountsInput { Species = row.Species, SharedCounts = row.Counts, Normalized = row.Counts }));

        var streamed = new VariableGeneSelectingEstimator(new MLContext(0), 20).Fit(data).Selection;
        var reference = SeuratV3VariableGenes.Select(Csr(matrix), [.. rows.Select(row => row.Species == "human" ? 0 : 1)], 2, 20);

        Assert.Equal(reference.Selected, streamed.Selected);
        Assert.Equal(20, streamed.Selected.Length);
    }

    [Fact]
    public void ReadMatrix_KeepsRowOrder_AndCountsRows()
    {
        var (rows, matrix) = Generate(seed: 7);
        var data = new MLContext(0).Data.LoadFromEnumerable(rows.Select(row => new ScaledInput { Species = row.Species, VariableGenes = row.Counts }));

        var (values, cells, genes) = DataViewColumns.ReadMatrix(data, SingleCellColumns.VariableGenes);

        Assert.Equal((Cells, Genes), (cells, genes));
        Assert.Equal(matrix, values);
        Assert.Equal(Cells, DataViewColumns.CountRows(data));
    }

    [Fact]
    public void ReadMatrix_RowsOfDifferentLengths_NameTheRow()
    {
        var rows = new[]
        {
            new ScaledInput { Species = "human", VariableGenes = [1f, 2f, 3f] },
            new ScaledInput { Species = "human", VariableGenes = [1f, 2f] },
        };
        var data = new MLContext(0).Data.LoadFromEnumerable(rows);

        var error = Assert.Throws<InvalidOperationException>(() => DataViewColumns.ReadMatrix(data, SingleCellColumns.VariableGenes));
        Assert.Contains("row 1 has 2 values, row 0 has 3", error.Message, StringComparison.Ordinal);
    }

    private static (List<(string Species, float[] Counts)> Rows, float[] Matrix) Generate(int seed)
    {
        // Poisson-like counts with gene-specific means, two species of different depth; some genes mostly zero.
        var random = new Random(seed);
        var means = Enumerable.Range(0, Genes).Select(_ => Math.Exp((random.NextDouble() * 4) - 2)).ToArray();
        var rows = new List<(string, float[])>();
        var matrix = new float[Cells * Genes];
        for (var cell = 0; cell < Cells; cell++)
        {
            var species = cell % 3 == 0 ? "mouse" : "human";
            var depth = species == "mouse" ? 1.5 : 1.0;
            var counts = new float[Genes];
            for (var gene = 0; gene < Genes; gene++)
            {
                counts[gene] = RandomCounts.Poisson(random, means[gene] * depth * (0.5 + random.NextDouble()));
            }

            counts.CopyTo(matrix, cell * Genes);
            rows.Add((species, counts));
        }

        return (rows, matrix);
    }

    private static CsrMatrix Csr(float[] matrix)
    {
        var pointers = new int[Cells + 1];
        var columns = new List<int>();
        var values = new List<float>();
        for (var cell = 0; cell < Cells; cell++)
        {
            for (var gene = 0; gene < Genes; gene++)
            {
                if (matrix[(cell * Genes) + gene] != 0)
                {
                    columns.Add(gene);
                    values.Add(matrix[(cell * Genes) + gene]);
                }
            }

            pointers[cell + 1] = columns.Count;
        }

        return new CsrMatrix(Cells, Genes, pointers, [.. columns], [.. values]);
    }

    private sealed class ScaledInput
    {
        public string Species { get; set; } = string.Empty;

        [VectorType]
        public float[] VariableGenes { get; set; } = [];
    }

    private sealed class CountsInput
    {
        public string Species { get; set; } = string.Empty;

        [VectorType]
        public float[] SharedCounts { get; set; } = [];

        [VectorType]
        public float[] Normalized { get; set; } = [];
    }
}
