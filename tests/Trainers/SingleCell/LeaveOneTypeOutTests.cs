using System.Globalization;
using PllmML.Data;
using PllmML.Trainers.SingleCell;
using Xunit.Abstractions;

namespace PllmML.Trainers.Tests.SingleCell;

/// <summary>
/// Leave one type out on the bundled pancreas data: the model is fitted on the mouse labels without one of the five
/// shared types and predicts the human cells. The human cells of the removed type should come out <c>unknown</c>; the
/// others should mostly keep a label, and the right one. Calibration uses mouse cells only; no human label is read
/// before the scoring.
/// </summary>
public sealed class LeaveOneTypeOutTests(ITestOutputHelper output)
{
    private sealed record Outcome(string Removed, double UnseenUnknown, double SeenFlagged, double SeenKeptAccuracy, double Auroc);

    private static Outcome Score(string removed, string[] truth, CellPredictions predictions)
    {
        var unseen = Enumerable.Range(0, truth.Length).Where(cell => truth[cell] == removed).ToArray();
        var seen = Enumerable.Range(0, truth.Length).Where(cell => truth[cell] != removed).ToArray();
        var kept = seen.Where(cell => predictions.CellTypes[cell] != CellPredictions.Unknown).ToArray();
        return new Outcome(
            removed,
            unseen.Average(cell => predictions.CellTypes[cell] == CellPredictions.Unknown ? 1.0 : 0.0),
            seen.Average(cell => predictions.CellTypes[cell] == CellPredictions.Unknown ? 1.0 : 0.0),
            kept.Length == 0 ? 0 : kept.Average(cell => predictions.CellTypes[cell] == truth[cell] ? 1.0 : 0.0),
            Auroc([.. seen.Select(cell => (double)predictions.Confidence[cell])], [.. unseen.Select(cell => (double)predictions.Confidence[cell])]));
    }

    /// <summary>P(confidence of a seen-type cell &gt; that of an unseen-type cell), ties counting half (Mann–Whitney).</summary>
    private static double Auroc(double[] positives, double[] negatives) =>
        positives.Sum(p => negatives.Sum(n => p > n ? 1.0 : p == n ? 0.5 : 0.0)) / ((double)positives.Length * negatives.Length);

    [Fact]
    public void EachRemovedMouseType_ComesOutUnknownInHuman_WhileTheOthersKeepTheirLabels()
    {
        var human = PancreasModel.Human;
        var truth = Enumerable.Range(0, human.CellCount).Select(cell => human.Obs["cell_type"].FormatValue(cell)).ToArray();
        var mouse = PancreasModel.Mouse;
        var mouseTypes = mouse.Obs["cell_type"];
        var variants = new (string Name, PredictionOptions Options)[]
        {
            ("default (conformal sets + distance and marker program, Bonferroni)", new PredictionOptions()),
            ("distance only (shared covariance, no marker program)", new PredictionOptions { MarkerPrograms = false }),
            ("raw distance (no query standardisation)", new PredictionOptions { StandardizeDistances = false }),
        };
        var outcomes = variants.ToDictionary(variant => variant.Name, _ => new List<Outcome>());
        foreach (var removed in PancreasModel.CommonTypes)
        {
            var training = mouse.SelectCells([.. Enumerable.Range(0, mouse.CellCount).Where(cell => mouseTypes.FormatValue(cell) != removed)]);
            var model = PancreasModel.Fit(human, training);
            Assert.True(model.IsCalibrated);
            foreach (var (name, options) in variants)
            {
                outcomes[name].Add(Score(removed, truth, model.Predict("human", human, options)));
            }
        }

        foreach (var (name, list) in outcomes)
        {
            output.WriteLine($"{name}:");
            output.WriteLine("| removed type | its human cells → unknown | other human cells flagged | accuracy of the others' kept labels | AUROC of confidence, seen vs unseen |");
            output.WriteLine("|---|---|---|---|---|");
            foreach (var outcome in list)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {outcome.Removed} | {outcome.UnseenUnknown:P0} | {outcome.SeenFlagged:P0} | {outcome.SeenKeptAccuracy:P1} | {outcome.Auroc:F3} |"));
            }
        }

        // The full model (every type seen): what the rejection costs when nothing is novel.
        foreach (var (name, options) in variants)
        {
            var calls = PancreasModel.Model.Predict("human", human, options);
            var flagged = calls.CellTypes.Average(type => type == CellPredictions.Unknown ? 1.0 : 0.0);
            var keptCells = Enumerable.Range(0, truth.Length).Where(cell => calls.CellTypes[cell] != CellPredictions.Unknown).ToArray();
            output.WriteLine(FormattableString.Invariant(
                $"full model, {name}: flagged {flagged:P1}, kept labels right {keptCells.Average(cell => calls.CellTypes[cell] == truth[cell] ? 1.0 : 0.0):P1}, most probable type right {Enumerable.Range(0, truth.Length).Average(cell => calls.Labels[cell] == truth[cell] ? 1.0 : 0.0):P1}; ")
                + string.Join(", ", PancreasModel.CommonTypes.Select(type => FormattableString.Invariant($"{type} {Enumerable.Range(0, truth.Length).Where(cell => truth[cell] == type).Average(cell => calls.CellTypes[cell] == CellPredictions.Unknown ? 1.0 : 0.0):P0}"))));
        }

        var fullCalls = PancreasModel.Model.Predict("human", human);
        Assert.True(Enumerable.Range(0, truth.Length).Average(cell => fullCalls.Labels[cell] == truth[cell] ? 1.0 : 0.0) >= 0.9, "full model: most probable type");
        Assert.True(fullCalls.CellTypes.Average(type => type == CellPredictions.Unknown ? 1.0 : 0.0) <= 0.15, "full model: flagged (21 % before)");

        var chosen = outcomes[variants[0].Name].ToDictionary(outcome => outcome.Removed);
        var before = outcomes[variants[1].Name].ToDictionary(outcome => outcome.Removed);
        var raw = outcomes[variants[2].Name];
        // Measured 2026-12-05 (seed 0), default: unseen → unknown / seen flagged / kept right: alpha 80/9/98.4, beta 26/6/97.7,
        // delta 3/14/77.7, macrophage 26/10/98.4, stellate 100/12/77.2; the full model flags 13.7 % (most probable type right
        // 91.4 %). Before (per-type Gaussians, distance only; README): alpha 91/10/98.4, beta 14/4/97.8, delta 3/19/78.8,
        // macrophage 26/16/100, stellate 26/18/80.9, full model 21.1 %. Alpha meets the issue's target (28 of 35 cells: one
        // cell of margin for another CPU's rounding); stellate's human cells all come out unknown, but the stellate-free
        // classifier calls most human beta cells delta, which no novelty test can catch (kept labels 77 %).
        Assert.True(chosen["alpha"] is { UnseenUnknown: >= 27.0 / 35, SeenFlagged: <= 0.15, SeenKeptAccuracy: >= 0.85 }, $"alpha removed: {chosen["alpha"]}");
        Assert.True(chosen["stellate"].UnseenUnknown >= 0.95, $"stellate removed: {chosen["stellate"]}");
        Assert.True(chosen["stellate"].SeenFlagged <= 0.15, $"stellate removed: {chosen["stellate"]}");
        Assert.True(chosen["beta"].UnseenUnknown >= 0.2, $"beta removed: {chosen["beta"]} (14 % before)");
        Assert.True(chosen["beta"].UnseenUnknown >= before["beta"].UnseenUnknown + 0.1, $"beta removed: {chosen["beta"]} against the distance alone {before["beta"]}");
        Assert.True(chosen.Values.Average(outcome => outcome.UnseenUnknown) >= 0.42, "mean unseen → unknown (47 % measured, 32 % before)");
        Assert.True(chosen.Values.Average(outcome => outcome.SeenFlagged) <= 0.12, "mean seen flagged (13.6 % before)");
        Assert.True(chosen.Values.Average(outcome => outcome.SeenKeptAccuracy) >= 0.85, "mean accuracy of kept labels");
        Assert.True(chosen.Values.Average(outcome => outcome.SeenFlagged) <= before.Values.Average(outcome => outcome.SeenFlagged), "the marker test's Bonferroni split flags no more seen cells than the distance alone");
        Assert.True(chosen.Values.Average(outcome => outcome.SeenFlagged) <= raw.Average(outcome => outcome.SeenFlagged), "standardising by the query's shift flags no more seen cells");
    }

    [Fact]
    public void CalibratedModel_SavesAndLoadsItsCalibration_AndPredictsTheSameCalls()
    {
        var folder = TestPaths.NewTempFolder();
        var path = Path.Combine(folder, "model.zip");
        PancreasModel.Model.Save(path);

        var loaded = SingleCellModel.Load(new Microsoft.ML.MLContext(), path);
        var before = PancreasModel.Model.Predict("human", PancreasModel.Human);
        var after = loaded.Predict("human", PancreasModel.Human);
        var stricter = loaded.Predict("human", PancreasModel.Human, new PredictionOptions { Coverage = 0.5 });

        Assert.True(loaded.IsCalibrated);
        Assert.Equal(SingleCellPipelineOptions.DefaultCoverage, loaded.Manifest.Coverage);
        Assert.Equal(before.CellTypes, after.CellTypes);
        Assert.Equal(before.MappingDistances, after.MappingDistances);
        Assert.Equal(0.95, after.Coverage);
        Assert.Equal(0.5, stricter.Coverage);
        // A lower coverage level gives smaller sets: never more types per cell, and more unknown cells or as many.
        Assert.All(Enumerable.Range(0, after.CellCount), cell => Assert.True(stricter.PredictionSets[cell].Length <= after.PredictionSets[cell].Length));
        Assert.True(stricter.CellTypes.Count(type => type == CellPredictions.Unknown) >= after.CellTypes.Count(type => type == CellPredictions.Unknown));
        Assert.All(after.CallStatus, status => Assert.Contains(status, new[] { CellPredictions.Assigned, CellPredictions.Ambiguous, CellPredictions.Unknown }));
        Directory.Delete(folder, true);
    }

    [Fact]
    public void Annotate_WritesTheCallKeys_AndMergesCoverageIntoAnExistingUnsPllm()
    {
        var cells = PancreasModel.Human.SelectCells([.. Enumerable.Range(0, 40)]);
        var partial = cells.SelectGenes([.. Enumerable.Range(0, cells.GeneCount).Where(gene => gene % 3 != 0)]);
        partial.Uns["pllm"] = new Dictionary<string, object>(StringComparer.Ordinal) { ["run"] = "kept" };

        var predictions = PancreasModel.Model.Annotate("human", partial, null, null);

        foreach (var key in new[] { "pllm_cell_type", "pllm_best_cell_type", "pllm_prediction_set", "pllm_runner_up", "pllm_confidence", "pllm_mapping_distance", "pllm_call_status" })
        {
            Assert.True(partial.Obs.TryGetColumn(key, out _), key);
        }

        var pllm = Assert.IsType<Dictionary<string, object>>(partial.Uns["pllm"]);
        Assert.Equal("kept", pllm["run"]);
        var coverage = Assert.IsType<Dictionary<string, object>>(Assert.IsType<Dictionary<string, object>>(pllm["gene_coverage"])["human"]);
        Assert.Equal(predictions.GeneCoverage!.LoadingShare, (double)coverage["loading_share"]);
        Assert.Equal(predictions.CellTypes, Enumerable.Range(0, 40).Select(cell => partial.Obs["pllm_cell_type"].FormatValue(cell)));
    }
}
