using PllmML.Data;
using PllmML.Evaluation;

namespace PllmML.Evaluation.Tests;

public class BadInputTests
{
    private static CellMatrix Cells(float[] embedding)
    {
        var cells = new CellMatrix(CsrMatrix.FromDense(4, 1, new float[4]), new AnnotationTable(["c1", "c2", "c3", "c4"]), new AnnotationTable(["g"]));
        cells.Obs.Set("cell_type", CategoricalColumn.FromValues(["alpha", "beta", "alpha", "beta"]));
        cells.Obs.Set("species", CategoricalColumn.FromValues(["human", "human", "mouse", "mouse"]));
        cells.Obsm["X_pca"] = new DenseMatrix(4, 2, embedding);
        return cells;
    }

    [Fact]
    public void FromCells_MissingEmbedding_ListsTheKeysThatExist()
    {
        var error = Assert.Throws<DataFormatException>(() => EvaluationInput.FromCells(Cells(new float[8]), "X_scVI", "cell_type", "species", "in.h5ad"));
        Assert.Equal("in.h5ad", error.FilePath);
        Assert.Contains("obsm has: X_pca", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCells_MissingLabelColumn_ListsTheColumns()
    {
        var error = Assert.Throws<DataFormatException>(() => EvaluationInput.FromCells(Cells(new float[8]), "X_pca", "celltype", "species", "in.h5ad"));
        Assert.Contains("obs has: cell_type, species", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCells_NaNInEmbedding_NamesCellAndDimension()
    {
        var values = new float[8];
        values[5] = float.NaN;
        var error = Assert.Throws<DataFormatException>(() => EvaluationInput.FromCells(Cells(values), "X_pca", "cell_type", "species", "in.h5ad"));
        Assert.Contains("cell 2, dimension 1", error.Message, StringComparison.Ordinal);
        Assert.Equal("obsm/X_pca", error.Location);
    }

    [Fact]
    public void Compute_SingleBatch_BatchMetricsSayUndefined()
    {
        var fixture = Fixture.Load("two_species.json");
        var input = fixture.Input;
        var oneBatch = new EvaluationInput(input.CellCount, input.Dimensions, (double[])input.Embedding, input.Labels, new LabelCodes(Enumerable.Repeat("human", input.CellCount).ToArray()));
        var report = ScibMetrics.Compute(oneBatch, oneBatch);
        foreach (var name in new[] { "Silhouette batch", "iLISI", "KBET", "PCR comparison" })
        {
            Assert.Null(report[name].Value);
            Assert.Equal("undefined: only one batch", report[name].Note);
        }

        Assert.NotNull(report["Graph connectivity"].Value);
        Assert.NotNull(report.BatchCorrection);
        Assert.NotNull(report.BioConservation);
    }

    [Fact]
    public void Compute_SingleLabel_BioMetricsSayUndefined()
    {
        var fixture = Fixture.Load("two_species.json");
        var input = fixture.Input;
        var oneLabel = new EvaluationInput(input.CellCount, input.Dimensions, (double[])input.Embedding, new LabelCodes(Enumerable.Repeat("alpha", input.CellCount).ToArray()), input.Batches);
        var report = ScibMetrics.Compute(oneLabel);
        foreach (var name in new[] { "Isolated labels", "KMeans NMI", "KMeans ARI", "Silhouette label", "cLISI" })
        {
            Assert.Null(report[name].Value);
            Assert.Equal("undefined: only one cell type", report[name].Note);
        }

        Assert.Null(report.BioConservation);
        Assert.Null(report.Total);
        Assert.Equal("undefined: no unintegrated baseline given", report["PCR comparison"].Note);
        Assert.NotNull(report["iLISI"].Value);
    }

    [Fact]
    public void Compute_TwoCells_EveryMetricSaysWhyInsteadOfThrowing()
    {
        var input = new EvaluationInput(2, 2, [0, 0, 1, 1], new LabelCodes(["alpha", "beta"]), new LabelCodes(["human", "mouse"]));
        var report = ScibMetrics.Compute(input);
        Assert.All(report.Metrics, m => Assert.True(m.Value is not null || m.Note!.StartsWith("undefined", StringComparison.Ordinal), m.Name));
        Assert.Equal("undefined: fewer than 3 cells", report["iLISI"].Note);
    }
}
