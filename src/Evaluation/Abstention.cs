namespace PllmML.Evaluation;

/// <summary>
/// Scores abstention the way SciBet and CAME evaluate it: unknown rate per true type, accuracy of the labels kept on
/// trained types, AUROC of the confidence for "type seen in training" against not (Mann–Whitney, ties half), and a
/// 10-bin reliability diagram with its expected calibration error (Guo et al. 2017) over the seen-type cells.
/// </summary>
public static class Abstention
{
    /// <summary>Reliability-diagram bins.</summary>
    public const int Bins = 10;

    /// <summary>Scores the calls.</summary>
    /// <param name="calls">The query's calls and truth.</param>
    /// <exception cref="ArgumentException">Lists of different lengths.</exception>
    public static AbstentionResult Score(AnnotationCalls calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var n = calls.Truth.Count;
        if (calls.Calls.Count != n || calls.Confidence.Count != n || calls.BestTypes.Count != n)
        {
            throw new ArgumentException("The truth, calls, confidences and most probable types must have one entry per cell.", nameof(calls));
        }

        var cells = Enumerable.Range(0, n).ToArray();
        var byType = cells.GroupBy(cell => calls.Truth[cell]).OrderBy(group => group.Key, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Average(cell => IsUnknown(calls, cell) ? 1.0 : 0.0), StringComparer.Ordinal);
        var seen = cells.Where(cell => calls.TrainedTypes.Contains(calls.Truth[cell])).ToArray();
        var unseen = cells.Where(cell => !calls.TrainedTypes.Contains(calls.Truth[cell])).ToArray();
        var kept = seen.Where(cell => !IsUnknown(calls, cell)).ToArray();
        var auroc = seen.Length > 0 && unseen.Length > 0
            ? seen.Sum(s => unseen.Sum(u => calls.Confidence[s] > calls.Confidence[u] ? 1.0 : calls.Confidence[s] == calls.Confidence[u] ? 0.5 : 0.0)) / ((double)seen.Length * unseen.Length)
            : double.NaN;
        var bins = new List<ReliabilityBin>();
        double ece = 0;
        for (var bin = 0; bin < Bins; bin++)
        {
            double lower = (double)bin / Bins, upper = (double)(bin + 1) / Bins;
            var members = seen.Where(cell => calls.Confidence[cell] >= lower && (calls.Confidence[cell] < upper || (bin == Bins - 1 && calls.Confidence[cell] <= 1))).ToArray();
            var confidence = members.Length == 0 ? double.NaN : members.Average(cell => calls.Confidence[cell]);
            var accuracy = members.Length == 0 ? double.NaN : members.Average(cell => calls.BestTypes[cell] == calls.Truth[cell] ? 1.0 : 0.0);
            bins.Add(new ReliabilityBin(lower, upper, members.Length, confidence, accuracy));
            ece += members.Length == 0 ? 0 : (double)members.Length / seen.Length * Math.Abs(accuracy - confidence);
        }

        return new AbstentionResult(
            byType, seen.Length, seen.Length == 0 ? double.NaN : seen.Average(cell => IsUnknown(calls, cell) ? 1.0 : 0.0),
            kept.Length == 0 ? double.NaN : kept.Average(cell => calls.Calls[cell] == calls.Truth[cell] ? 1.0 : 0.0),
            unseen.Length, unseen.Length == 0 ? double.NaN : unseen.Average(cell => IsUnknown(calls, cell) ? 1.0 : 0.0),
            auroc, bins, seen.Length == 0 ? double.NaN : ece);
    }

    private static bool IsUnknown(AnnotationCalls calls, int cell) => calls.Calls[cell] == AnnotationCalls.Unknown;
}
