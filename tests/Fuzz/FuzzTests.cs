using Xunit.Abstractions;

namespace PllmML.Fuzz.Tests;

/// <summary>
/// The CI fuzz stage: every target gets its inputs from the fixed seed (the same every run) and from the rotating
/// seed (the UTC day; replay with <c>FUZZ_SEED</c>). Every outcome must be accepted-and-equal, accepted-and-changed
/// where the format allows it, or a typed error naming the file; a failure prints the replay command and the saved
/// reproducer, which then belongs in Reproducers/&lt;target&gt;/ (run by <see cref="ReproducerTests"/>).
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class FuzzTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(FuzzTargets.Names), MemberType = typeof(FuzzTargets))]
    public void MutatedInputs_AreReadOrRejectedWithATypedErrorNamingTheFile(string name)
    {
        var target = FuzzTargets.Named(name);
        if (!FuzzSettings.Selected(target))
        {
            output.WriteLine($"{name}: not selected by FUZZ_TARGET");
            return;
        }

        var inputs = FuzzSettings.Inputs(target);
        var seeds = target.OpenIssue is not null && !FuzzSettings.IsCampaign
            ? new[] { FuzzSettings.FixedSeed }
            : new[] { FuzzSettings.FixedSeed, FuzzSettings.RotatingSeed };
        if (target.OpenIssue is not null)
        {
            output.WriteLine($"{name}: open issue: {target.OpenIssue}");
        }

        var reports = seeds.Distinct()
            .Select(seed => FuzzRunner.Run(target, seed, inputs)).ToList();
        foreach (var report in reports)
        {
            output.WriteLine(report.ToString());
            Console.WriteLine("fuzz: " + report);
            if (FuzzSettings.ReportFile is { } file)
            {
                if (!File.Exists(file))
                {
                    File.WriteAllText(file, FuzzReport.TsvHeader + "\n");
                }

                File.AppendAllText(file, report.ToTsv() + "\n");
            }
        }

        var failures = reports.SelectMany(report => report.Failures).ToList();
        Assert.True(failures.Count == 0,
            $"{failures.Count} failing input(s); replay with FUZZ_TARGET={name} FUZZ_SEED=<seed> FUZZ_INPUTS={inputs}:\n"
            + string.Join('\n', failures.Take(20)));
    }
}
