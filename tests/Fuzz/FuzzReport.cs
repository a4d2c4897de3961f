using System.Globalization;
using System.Text;

namespace PllmML.Fuzz.Tests;

/// <summary>The figures of one target's run.</summary>
/// <param name="Target">The target's name.</param>
/// <param name="Seed">The seed.</param>
public sealed record FuzzReport(string Target, int Seed)
{
    /// <summary>Inputs per outcome.</summary>
    public Dictionary<FuzzOutcome, int> Counts { get; } = Enum.GetValues<FuzzOutcome>().ToDictionary(outcome => outcome, _ => 0);

    /// <summary>One line per failing input.</summary>
    public List<string> Failures { get; } = [];

    /// <summary>How long the run took.</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>All inputs.</summary>
    public int Inputs => Counts.Values.Sum();

    /// <summary>Counts one outcome.</summary>
    /// <param name="outcome">The outcome.</param>
    public void Add(FuzzOutcome outcome) => Counts[outcome]++;

    /// <summary>One TSV line: target, seed, inputs, then each outcome's count, then seconds.</summary>
    public string ToTsv() => string.Join('\t',
        new[] { Target, Seed.ToString(CultureInfo.InvariantCulture), Inputs.ToString(CultureInfo.InvariantCulture) }
            .Concat(Enum.GetValues<FuzzOutcome>().Select(outcome => Counts[outcome].ToString(CultureInfo.InvariantCulture)))
            .Append(Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)));

    /// <summary>The TSV header matching <see cref="ToTsv"/>.</summary>
    public static string TsvHeader => string.Join('\t',
        new[] { "target", "seed", "inputs" }.Concat(Enum.GetNames<FuzzOutcome>()).Append("seconds"));

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Target} seed {Seed}: {Inputs} inputs in {Elapsed.TotalSeconds:0.0} s: ");
        text.AppendJoin(", ", Counts.Select(pair => $"{pair.Key} {pair.Value}"));
        return text.ToString();
    }
}
