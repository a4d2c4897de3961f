using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Data;
using PllmML.Kernels.LinearAlgebra;
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
        AssertBitIdentical(reference, streamed);
    }

    [Fact]
    public void VariableGeneSelectingEstimator_PancreasSparseCounts_EqualSelectOnTheCsrMatrixBitForBit()
    {
        var (counts, species) = PancreasData.SharedCounts(PancreasData.GeneSpace());
        var rows = Enumerable.Range(0, counts.RowCount).Select(cell => new SparseCountsInput
        {
            Species = species[cell] == 0 ? "human" : "mouse",
            SharedCounts = new VBuffer<float>(counts.ColumnCount, counts.RowValues(cell).Length, counts.RowValues(cell).ToArray(), counts.RowColumns(cell).ToArray()),
            Normalized = new VBuffer<float>(counts.ColumnCount, 0, [], []),
        });
        var data = new MLContext(0).Data.LoadFromEnumerable(rows);

        var streamed = new VariableGeneSelectingEstimator(new MLContext(0)).Fit(data).Selection;
        var reference = SeuratV3VariableGenes.Select(counts, species, 2);

        Assert.Equal(2000, streamed.Selected.Length);
        AssertBitIdentical(reference, streamed);
    }

    [Fact]
    public void PrincipalComponentsEstimator_StreamedFit_EqualsFitOnTheMatrix()
    {
        var (rows, matrix) = Generate(seed: 11);
        var data = new MLContext(0).Data.LoadFromEnumerable(rows.Select(row => new PcaInput { Species = row.Species, Scaled = row.Counts }));

        var streamed = new PrincipalComponentsEstimator(new MLContext(0), components: 10, seed: 2).Fit(data).Components;
        var reference = PrincipalComponents.Fit(matrix, Cells, Genes, 10, seed: 2);

        AssertBitIdentical(reference, streamed);
    }

    [Fact]
    public void PrincipalComponentsEstimator_Pancreas_StreamedFitEqualsFitOnTheWholeMatrixBitForBit()
    {
        // The bundled pancreas cells (human + mouse), 2,000 Seurat v3 genes scaled: the estimator streams them three
        // times through its cursor (blocks of 256 cells) and must give the in-memory PCA exactly.
        var (matrix, cells, genes) = PrincipalComponentsTests.ScaledPancreas();
        var data = new MLContext(0).Data.LoadFromEnumerable(Enumerable.Range(0, cells).Select(cell => new PcaInput
        {
            Species = cell % 2 == 0 ? "human" : "mouse",
            Scaled = matrix.AsSpan(cell * genes, genes).ToArray(),
        }));

        var streamed = new PrincipalComponentsEstimator(new MLContext(0)).Fit(data).Components;
        var reference = PrincipalComponents.Fit(matrix, cells, genes, 50);

        Assert.True(cells > 3 * 256, $"{cells} cells: several blocks and a partial one");
        Assert.Equal(50, streamed.ComponentCount);
        AssertBitIdentical(reference, streamed);
    }

    [Fact]
    public void PrincipalComponentsEstimator_MoreComponentsThanCells_FitsAsManyAsCells()
    {
        var (rows, matrix) = Generate(seed: 13);
        var few = rows.Take(8).Select(row => new PcaInput { Species = row.Species, Scaled = row.Counts });

        var streamed = new PrincipalComponentsEstimator(new MLContext(0), components: 50).Fit(new MLContext(0).Data.LoadFromEnumerable(few)).Components;

        Assert.Equal(8, streamed.ComponentCount);
        AssertBitIdentical(PrincipalComponents.Fit(matrix.AsSpan(0, 8 * Genes), 8, Genes, 8), streamed);
    }

    [Fact]
    public void PrincipalComponentsEstimator_NoRows_IsRefused()
    {
        var data = new MLContext(0).Data.LoadFromEnumerable(Array.Empty<PcaInput>());
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrincipalComponentsEstimator(new MLContext(0)).Fit(data));
    }

    [Fact]
    public void ForEachDenseRow_DensifiesSparseRows_InOrder()
    {
        var rows = new[]
        {
            new SparseCountsInput { Species = "human", SharedCounts = new VBuffer<float>(4, 2, [1f, 3f], [1, 3]) },
            new SparseCountsInput { Species = "human", SharedCounts = new VBuffer<float>(4, [5f, 6f, 7f, 8f]) },
        };
        var data = new MLContext(0).Data.LoadFromEnumerable(rows);
        var seen = new List<(long, float[])>();

        var (count, width) = DataViewColumns.ForEachDenseRow(data, SingleCellColumns.SharedCounts, (values, row) => seen.Add((row, values.ToArray())));

        Assert.Equal((2L, 4), (count, width));
        Assert.Equal([0f, 1f, 0f, 3f], seen[0].Item2);
        Assert.Equal([5f, 6f, 7f, 8f], seen[1].Item2);
        Assert.Equal([0L, 1L], seen.Select(entry => entry.Item1));
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

    private static void AssertBitIdentical(PrincipalComponents expected, PrincipalComponents actual)
    {
        Assert.True(Bytes(expected.Mean).SequenceEqual(Bytes(actual.Mean)), "means differ");
        Assert.True(Bytes(expected.Components).SequenceEqual(Bytes(actual.Components)), "loadings differ");
        Assert.True(Bytes(expected.ExplainedVariance).SequenceEqual(Bytes(actual.ExplainedVariance)), "variances differ");
    }

    private static void AssertBitIdentical(VariableGeneSelection expected, VariableGeneSelection actual)
    {
        Assert.Equal(expected.Selected, actual.Selected);
        Assert.Equal(expected.BatchesHighlyVariable, actual.BatchesHighlyVariable);
        Assert.True(Bytes(expected.Means).SequenceEqual(Bytes(actual.Means)), "means differ");
        Assert.True(Bytes(expected.Variances).SequenceEqual(Bytes(actual.Variances)), "variances differ");
        Assert.True(Bytes(expected.VariancesNorm).SequenceEqual(Bytes(actual.VariancesNorm)), "normalised variances differ");
        Assert.True(Bytes(expected.Rank).SequenceEqual(Bytes(actual.Rank)), "ranks differ");
    }

    private static byte[] Bytes<T>(T[] values)
        where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

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

    private sealed class PcaInput
    {
        public string Species { get; set; } = string.Empty;

        [VectorType]
        public float[] Scaled { get; set; } = [];
    }

    private sealed class SparseCountsInput
    {
        public string Species { get; set; } = string.Empty;

        [VectorType]
        public VBuffer<float> SharedCounts { get; set; }

        [VectorType]
        public VBuffer<float> Normalized { get; set; }
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
