namespace PllmML.Cli.Tests;

/// <summary>
/// Damaged binary inputs through the command line: exit code 1 and one line on standard error naming the file,
/// never a stack trace (issue #12).
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("pllm-hostile-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Predict_WithACorruptedModelZip_ExitsOneWithOneLineNamingTheModel()
    {
        var bytes = File.ReadAllBytes(Path.Combine(TestPaths.RepositoryRoot, "tests", "Trainers", "SingleCell", "fixtures", "pancreas-format1-model.zip"));
        bytes[bytes.Length / 2] ^= 0x20;
        var model = Path.Combine(_folder.FullName, "model.zip");
        File.WriteAllBytes(model, bytes);

        var run = CliRun.Of("predict", "--model", model, "--input", TestPaths.Bundled("pancreas", "human.h5ad"),
            "--species", "human", "--out", Path.Combine(_folder.FullName, "out.h5ad"));

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("pllm: error: ", line, StringComparison.Ordinal);
        Assert.Contains(model, line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("h5ad/seed20791-input12.h5ad")]
    public void Inspect_OfAFuzzReproducer_ExitsOneWithOneLineNamingTheFile(string reproducer)
    {
        var file = Path.Combine(_folder.FullName, Path.GetFileName(reproducer));
        File.Copy(Path.Combine(TestPaths.RepositoryRoot, "tests", "Fuzz", "Reproducers", reproducer), file);

        var run = CliRun.Of("inspect", file);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(file, line, StringComparison.Ordinal);
    }
}
