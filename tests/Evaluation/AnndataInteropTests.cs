using System.Text.Json;
using PllmML.Data;
using PllmML.Evaluation;

namespace PllmML.Evaluation.Tests;

/// <summary>An .h5ad written by the real anndata, evaluated by PllmML, against scikit-learn on the same file.</summary>
public class AnndataInteropTests
{
    [AnndataFact]
    public void Evaluate_EmbeddingWrittenByAnndata_MatchesSklearn()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "anndata.h5ad");
        var script = Path.Combine(TestPaths.RepositoryRoot, "tests", "Evaluation", "Fixtures", "anndata_embedding.py");
        using var expected = JsonDocument.Parse(PythonPeer.Run(script, path));
        var cells = DataFiles.ReadCells(path).Data;
        var input = EvaluationInput.FromCells(cells, "X_emb", "cell_type", "species", path);
        var report = ScibMetrics.Compute(input, EvaluationInput.FromCells(cells, "X_pca", "cell_type", "species", path));
        Assert.Equal(expected.RootElement.GetProperty("silhouette_label").GetDouble(), report["Silhouette label (raw)"].Value!.Value, 1e-6);
        var transfer = LabelTransfer.Run(input, "human", "mouse");
        Assert.Equal(expected.RootElement.GetProperty("accuracy_human_to_mouse").GetDouble(), transfer.Accuracy, 1e-9);
        Assert.Equal(expected.RootElement.GetProperty("macro_f1_human_to_mouse").GetDouble(), transfer.MacroF1, 1e-9);
        Assert.NotNull(report["PCR comparison"].Value);
    }
}
