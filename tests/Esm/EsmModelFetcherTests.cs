using System.Security.Cryptography;
using PllmML.Data;
using PllmML.Esm.Models;

namespace PllmML.Esm.Tests;

public class EsmModelFetcherTests
{
    private static readonly string TinyHf = TestPaths.Bundled("esm2", "tiny", "hf");
    private static readonly EsmPublishedModel T6 = EsmModelCatalog.Find("esm2_t6_8M_UR50D")!;

    [Fact]
    public async Task Fetch_ServerWithHashHeader_DownloadsVerifiesAndRecordsAManifest()
    {
        using var server = new LocalHttpServer();
        Serve(server, TinyHf, sha256Header: Sha256(Path.Combine(TinyHf, "model.safetensors")));
        var folder = TestPaths.NewTempFolder();
        var reports = new List<FetchProgress>();
        using var http = new HttpClient();

        var files = await new EsmModelFetcher(http).FetchAsync(T6, folder, server.BaseUrl, checkArchitecture: false, progress: new SyncProgress(reports.Add));

        Assert.Equal(File.ReadAllBytes(Path.Combine(TinyHf, "model.safetensors")), File.ReadAllBytes(Path.Combine(folder, T6.Name, "model.safetensors")));
        Assert.Equal("size+sha256 (server)", files[1].Verified);
        Assert.Equal("size", files[0].Verified);
        Assert.True(File.Exists(Path.Combine(folder, T6.Name, "pllm-fetch.json")));
        Assert.Equal(new FileInfo(Path.Combine(TinyHf, "model.safetensors")).Length, reports.Last(r => r.File == "model.safetensors").BytesDone);
        Assert.Equal(Path.Combine(folder, T6.Name), EsmModelCatalog.Resolve(T6.Name, folder));
    }

    [Fact]
    public async Task Fetch_WrongHash_FailsAndLeavesNoFile()
    {
        using var server = new LocalHttpServer();
        Serve(server, TinyHf, sha256Header: new string('a', 64));
        var folder = TestPaths.NewTempFolder();
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<DataFormatException>(() => new EsmModelFetcher(http).FetchAsync(T6, folder, server.BaseUrl, checkArchitecture: false));

        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, T6.Name, "model.safetensors")));
        Assert.Empty(Directory.GetFiles(Path.Combine(folder, T6.Name), "*.part"));
    }

    [Fact]
    public async Task Fetch_ConnectionCutShort_FailsOnSize()
    {
        using var server = new LocalHttpServer();
        Serve(server, TinyHf, cutAfter: 100_000);
        var folder = TestPaths.NewTempFolder();
        using var http = new HttpClient();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => new EsmModelFetcher(http).FetchAsync(T6, folder, server.BaseUrl, checkArchitecture: false));

        Assert.True(error is DataFormatException or HttpRequestException, error.ToString());
        Assert.False(File.Exists(Path.Combine(folder, T6.Name, "model.safetensors")));
    }

    [Fact]
    public async Task Fetch_WeightsOfAnotherShape_AreRejectedByName()
    {
        using var server = new LocalHttpServer();
        Serve(server, TinyHf);
        var folder = TestPaths.NewTempFolder();
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<DataFormatException>(() => new EsmModelFetcher(http).FetchAsync(T6, folder, server.BaseUrl));

        Assert.Contains("not the published model", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, T6.Name, "model.safetensors")));
    }

    [Fact]
    public async Task Fetch_GivenHash_IsChecked()
    {
        using var server = new LocalHttpServer();
        Serve(server, TinyHf);
        var folder = TestPaths.NewTempFolder();
        using var http = new HttpClient();

        var files = await new EsmModelFetcher(http).FetchAsync(T6, folder, server.BaseUrl, Sha256(Path.Combine(TinyHf, "model.safetensors")), checkArchitecture: false);

        Assert.Equal("size+sha256 (given)", files[1].Verified);
    }

    internal static void Serve(LocalHttpServer server, string folder, string? sha256Header = null, long? cutAfter = null)
    {
        var repo = $"{T6.HuggingFaceRepository}/resolve/main";
        server.Serve($"{repo}/config.json", Path.Combine(folder, "config.json"));
        server.Serve($"{repo}/model.safetensors", Path.Combine(folder, "model.safetensors"),
            sha256Header is null ? null : new Dictionary<string, string> { ["X-Linked-Etag"] = $"\"{sha256Header}\"" }, cutAfter);
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private sealed class SyncProgress(Action<FetchProgress> report) : IProgress<FetchProgress>
    {
        public void Report(FetchProgress value) => report(value);
    }
}
