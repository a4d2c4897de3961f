namespace PllmML.Evaluation;

/// <summary>
/// One integration method's evaluation on the same cells as the others of a side-by-side comparison
/// (<see cref="EvaluationResult.Methods"/>): its name, whether its model is the one the run saved, its fit time and
/// everything the evaluation measured.
/// </summary>
/// <param name="Method">The method's name (<c>harmony</c>, <c>scvi</c>, <c>scanvi</c>).</param>
/// <param name="Primary">Whether this method's model is the run's saved model (<c>model.zip</c>).</param>
/// <param name="FitSeconds">Wall-clock seconds of the fit (reading the inputs, fitting, saving the model); null when unknown.</param>
/// <param name="Result">The method's evaluation, by the same code and settings as every other method's.</param>
public sealed record MethodEvaluation(string Method, bool Primary, double? FitSeconds, EvaluationResult Result)
{
    /// <summary>Mean accuracy of the kNN label transfer over every ordered pair of batches; null without transfers.</summary>
    public double? MeanKnnTransfer => Result.Transfers.Count == 0 ? null : Result.Transfers.Average(t => t.Accuracy);

    /// <summary>Mean accuracy of the trained classifier over the batches it was not trained on; null without a classifier.</summary>
    public double? MeanClassifierTransfer => Result.ClassifierTransfers.Count == 0 ? null : Result.ClassifierTransfers.Average(t => t.Accuracy);
}
