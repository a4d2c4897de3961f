using System.Text.Json;

namespace PllmML.Cli.Tests;

public class DemoCommandTests
{
    [Fact]
    public void NoRun_WritesTheDemoConfigAndEveryFileItReads_EqualToTheRepository()
    {
        var output = TestPaths.NewTempFolder();

        var run = CliRun.Of("demo", "--out", output, "--no-run");

        Assert.True(run.ExitCode == 0, run.Error);
        var inputs = Path.Combine(output, "inputs");
        var config = Path.Combine(inputs, "configs", "demo.json");
        Assert.Contains($"pllm run {config} --out {output}", run.Output.ReplaceLineEndings(""), StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(inputs, "*", SearchOption.AllDirectories))
        {
            var original = Path.Combine(TestPaths.RepositoryRoot, Path.GetRelativePath(inputs, file));
            Assert.True(File.ReadAllBytes(original).AsSpan().SequenceEqual(File.ReadAllBytes(file)), original);
        }

        var missing = ConfigPaths(config).Where(path => !File.Exists(path) && !Directory.Exists(path)).ToList();
        Assert.Empty(missing);
        Assert.True(File.Exists(Path.Combine(inputs, "data", "pancreas", "LICENSE_CIDER")));
    }

    [Fact]
    public void NoRun_Again_LeavesIdenticalFilesUntouched()
    {
        var output = TestPaths.NewTempFolder();
        Assert.Equal(0, CliRun.Of("demo", "--out", output, "--no-run").ExitCode);
        var config = Path.Combine(output, "inputs", "configs", "demo.json");
        var written = File.GetLastWriteTimeUtc(config);

        var again = CliRun.Of("demo", "--out", output, "--no-run");

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("(0 written,", again.Output, StringComparison.Ordinal);
        Assert.Equal(written, File.GetLastWriteTimeUtc(config));
    }

    [Fact]
    public void OutIsAFile_FailsWithOneLineNamingIt()
    {
        var file = Path.Combine(TestPaths.NewTempFolder(), "taken");
        File.WriteAllText(file, "not a folder");

        var run = CliRun.Of("demo", "--out", file, "--no-run");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(file, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    /// <summary>Every "path" in the config (inputs, homology, proteins, esm.model), resolved against its folder.</summary>
    private static IEnumerable<string> ConfigPaths(string config)
    {
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        using var document = JsonDocument.Parse(File.ReadAllText(config), options);
        var folder = Path.GetDirectoryName(config)!;
        var root = document.RootElement;
        var paths = root.GetProperty("inputs").EnumerateArray().Select(input => input.GetProperty("path").GetString()!)
            .Append(root.GetProperty("homology").GetProperty("path").GetString()!)
            .Concat(root.GetProperty("proteins").GetProperty("fasta").EnumerateArray().Select(fasta => fasta.GetProperty("path").GetString()!))
            .Append(root.GetProperty("esm").GetProperty("model").GetString()!);
        return paths.Select(path => Path.GetFullPath(Path.Combine(folder, path))).ToList();
    }
}
