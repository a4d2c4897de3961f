using System.Security.Cryptography;

namespace PllmML.Cli.Tests;

public class ModelCommandTests
{
    [SharedDataFact]
    public void Fetch_T6FromALocalServer_DownloadsVerifiesAndMakesTheNameUsable()
    {
        var t6 = TestPaths.Shared("esm2", "t6_8M", "hf");
        using var server = Serve(t6);
        var models = TestPaths.NewTempFolder();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(t6, "model.safetensors"))));

        var run = CliRun.Of("model", "fetch", "esm2_t6_8M_UR50D", "--models", models, "--source", server.BaseUrl.ToString(), "--sha256", sha256);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("size+sha256 (given)", run.Output.ReplaceLineEndings(string.Empty), StringComparison.Ordinal);
        var list = CliRun.Of("model", "list", "--models", models);
        Assert.DoesNotContain("│ no ", list.Output.Split('\n').Single(line => line.Contains("esm2_t6_8M", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void Fetch_WeightsOfAnotherShape_FailWithOneLine()
    {
        using var server = Serve(TestPaths.Bundled("esm2", "tiny", "hf"));

        var run = CliRun.Of("model", "fetch", "esm2_t6_8M_UR50D", "--models", TestPaths.NewTempFolder(), "--source", server.BaseUrl.ToString());

        Assert.Equal(PllmCommandLine.BadInput, run.ExitCode);
        Assert.Contains("not the published model", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Fetch_UnknownName_IsBadUsage()
    {
        var run = CliRun.Of("model", "fetch", "esm3_large");

        Assert.Equal(PllmCommandLine.BadUsage, run.ExitCode);
        Assert.Contains("esm2_t33_650M_UR50D", run.Error, StringComparison.Ordinal);
    }

    private static LocalHttpServer Serve(string folder)
    {
        var server = new LocalHttpServer();
        server.Serve("facebook/esm2_t6_8M_UR50D/resolve/main/config.json", Path.Combine(folder, "config.json"));
        server.Serve("facebook/esm2_t6_8M_UR50D/resolve/main/model.safetensors", Path.Combine(folder, "model.safetensors"));
        return server;
    }
}
