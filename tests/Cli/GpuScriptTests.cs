namespace PllmML.Cli.Tests;

/// <summary><c>benchmarks/gpu/run.sh</c>: valid bash, careful, and it stops with a clear message on a machine without a
/// usable NVIDIA GPU instead of building or running anything.</summary>
public class GpuScriptTests
{
    private static readonly string Script = Path.Combine(TestPaths.RepositoryRoot, "benchmarks", "gpu", "run.sh");

    [Fact]
    public void Script_IsValidBash_AndCareful()
    {
        var text = File.ReadAllText(Script);

        var check = ChildProcess.Run("bash", ["-n", Script]);

        Assert.True(check.ExitCode == 0, check.Transcript);
        Assert.StartsWith("#!/usr/bin/env bash\n", text, StringComparison.Ordinal);
        Assert.Contains("\nset -euo pipefail\n", text, StringComparison.Ordinal);
        Assert.Contains("--device cuda", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Script_WithoutAUsableGpu_FailsNamingWhatIsMissing_BeforeBuilding()
    {
        // A PATH with the few tools the script needs before its checks, and an nvidia-smi that finds no device.
        var bin = TestPaths.NewTempFolder();
        foreach (var tool in new[] { "dirname", "hostname", "date", "mktemp", "rm" })
        {
            File.CreateSymbolicLink(Path.Combine(bin, tool), Path.Combine("/usr/bin", tool));
        }

        var smi = Path.Combine(bin, "nvidia-smi");
        File.WriteAllText(smi, "#!/bin/bash\necho 'NVIDIA-SMI has failed because it couldn'\\''t communicate with the NVIDIA driver.' >&2\nexit 9\n");
        Assert.Equal(0, ChildProcess.Run("chmod", ["+x", smi]).ExitCode);
        var results = Path.Combine(bin, "results.txt");

        var run = ChildProcess.Run("/bin/bash", [Script, results], bin, environment: new Dictionary<string, string?> { ["PATH"] = bin });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("finds no usable GPU", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(results), "nothing is written before the checks pass");
    }
}
