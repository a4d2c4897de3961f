using System.Globalization;
using System.Text;

namespace PllmML.Data.Proteins;

/// <summary>
/// What a <see cref="ProteinCleaningPolicy"/> did while a file was read: records read, kept and dropped, and per
/// <see cref="ProteinCleaningReason"/> a count and the first few examples. <see cref="RecordsKept"/> +
/// <see cref="RecordsDropped"/> = <see cref="RecordsRead"/> at every point of the read.
/// </summary>
public sealed class ProteinCleaningReport
{
    /// <summary>How many examples are kept per reason.</summary>
    public const int MaxExamplesPerReason = 3;

    private readonly int[] _counts = new int[Enum.GetValues<ProteinCleaningReason>().Length];
    private readonly List<ProteinCleaningExample>[] _examples =
        [.. Enum.GetValues<ProteinCleaningReason>().Select(_ => new List<ProteinCleaningExample>())];

    internal ProteinCleaningReport(ProteinCleaningPolicy policy) => Policy = policy;

    /// <summary>The policy that was applied.</summary>
    public ProteinCleaningPolicy Policy { get; }

    /// <summary>Records found in the file so far, kept or dropped.</summary>
    public int RecordsRead { get; private set; }

    /// <summary>Records handed to the caller.</summary>
    public int RecordsKept { get; private set; }

    /// <summary>Records dropped, for any reason.</summary>
    public int RecordsDropped => RecordsRead - RecordsKept;

    /// <summary>Kept records that one or more rules changed.</summary>
    public int RecordsChanged { get; private set; }

    /// <summary>The reasons that occurred at least once, in enum order.</summary>
    public IReadOnlyList<ProteinCleaningReason> Reasons =>
        [.. Enum.GetValues<ProteinCleaningReason>().Where(reason => Count(reason) > 0)];

    /// <summary>Whether the reason drops a record (rather than changing a kept one).</summary>
    /// <param name="reason">The reason.</param>
    public static bool IsDropReason(ProteinCleaningReason reason) => reason >= ProteinCleaningReason.EmptySequence;

    /// <summary>How many records the reason applied to.</summary>
    /// <param name="reason">The reason.</param>
    public int Count(ProteinCleaningReason reason) => _counts[(int)reason];

    /// <summary>The first <see cref="MaxExamplesPerReason"/> records the reason applied to.</summary>
    /// <param name="reason">The reason.</param>
    public IReadOnlyList<ProteinCleaningExample> Examples(ProteinCleaningReason reason) => _examples[(int)reason];

    /// <summary>One line per reason: count, whether it drops, and the examples.</summary>
    public override string ToString()
    {
        var text = new StringBuilder().Append(
            CultureInfo.InvariantCulture,
            $"{RecordsRead} records read, {RecordsKept} kept ({RecordsChanged} changed), {RecordsDropped} dropped");
        foreach (var reason in Reasons)
        {
            var examples = string.Join(
                "; ", Examples(reason).Select(e => $"{e.ProteinId} (line {e.HeaderLineNumber}): {e.Detail}"));
            var verb = IsDropReason(reason) ? "dropped" : "changed";
            text.AppendLine()
                .Append(CultureInfo.InvariantCulture, $"  {verb} {Count(reason)} × {reason}, e.g. {examples}");
        }

        return text.ToString();
    }

    internal void AddKept(bool changed)
    {
        RecordsRead++;
        RecordsKept++;
        RecordsChanged += changed ? 1 : 0;
    }

    internal void AddDropped() => RecordsRead++;

    internal void Add(ProteinCleaningReason reason, ProteinCleaningExample example)
    {
        _counts[(int)reason]++;
        if (_examples[(int)reason].Count < MaxExamplesPerReason)
        {
            _examples[(int)reason].Add(example);
        }
    }
}
