using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using PllmML.Data;
using PllmML.Esm.Checkpoints;

namespace PllmML.Esm.Models;

/// <summary>
/// Downloads a published ESM-2 model in the Hugging Face layout (<c>config.json</c>, <c>model.safetensors</c>) into
/// the models folder: each file goes to a <c>.part</c> file, is checked against the server's Content-Length and, where
/// known, its SHA-256 (the Hugging Face <c>X-Linked-Etag</c> header of large files, or a hash the caller gives), and
/// only then renamed into place; finally the folder is opened as a checkpoint and its architecture compared with the
/// published one. A manifest <c>pllm-fetch.json</c> records sizes and hashes.
/// </summary>
public sealed class EsmModelFetcher
{
    /// <summary>The files of a Hugging Face ESM-2 folder that PllmML needs.</summary>
    public static IReadOnlyList<string> Files { get; } = ["config.json", "model.safetensors"];

    private readonly HttpClient _http;

    /// <summary>Creates the fetcher.</summary>
    /// <param name="http">The HTTP client (its timeout applies per request).</param>
    public EsmModelFetcher(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
    }

    /// <summary>Downloads and verifies a model.</summary>
    /// <param name="model">The published model.</param>
    /// <param name="modelsFolder">The models folder; the files go to <c>&lt;folder&gt;/&lt;name&gt;/</c>.</param>
    /// <param name="source">The hub's base URL; <c>https://huggingface.co</c> when null (a mirror or a local server
    /// with the same <c>&lt;repo&gt;/resolve/main/&lt;file&gt;</c> paths also works).</param>
    /// <param name="expectedSha256">Known SHA-256 of <c>model.safetensors</c>, or null.</param>
    /// <param name="checkArchitecture">Compare the downloaded architecture with the published one.</param>
    /// <param name="progress">Receives byte progress; may be null.</param>
    /// <param name="cancellation">Cancels the download (the <c>.part</c> file is removed).</param>
    /// <returns>The downloaded files.</returns>
    /// <exception cref="HttpRequestException">The server refused or the connection failed.</exception>
    /// <exception cref="DataFormatException">A size or hash does not match, or the files are not that model.</exception>
    public async Task<IReadOnlyList<FetchedFile>> FetchAsync(EsmPublishedModel model, string modelsFolder, Uri? source = null,
        string? expectedSha256 = null, bool checkArchitecture = true, IProgress<FetchProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var target = Path.Combine(modelsFolder, model.Name);
        Directory.CreateDirectory(target);
        var fetched = new List<FetchedFile>();
        foreach (var file in Files)
        {
            var url = new Uri($"{(source ?? new Uri("https://huggingface.co")).ToString().TrimEnd('/')}/{model.HuggingFaceRepository}/resolve/main/{file}");
            var given = file == "model.safetensors" ? expectedSha256 : null;
            fetched.Add(await DownloadAsync(url, Path.Combine(target, file), given, progress, cancellation).ConfigureAwait(false));
        }

        Verify(model, target, checkArchitecture, fetched);
        await File.WriteAllTextAsync(Path.Combine(target, "pllm-fetch.json"), JsonSerializer.Serialize(fetched.Select(f => new
        {
            file = Path.GetFileName(f.Path), bytes = f.Bytes, sha256 = f.Sha256, verified = f.Verified,
        })), cancellation).ConfigureAwait(false);
        return fetched;
    }

    private async Task<FetchedFile> DownloadAsync(Uri url, string path, string? givenSha256, IProgress<FetchProgress>? progress, CancellationToken cancellation)
    {
        var partial = path + ".part";
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"{url}: the server answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
            }

            var total = response.Content.Headers.ContentLength;
            var serverSha256 = ServerSha256(response.Headers);
            var (bytes, sha256) = await CopyAsync(response, partial, Path.GetFileName(path), total, progress, cancellation).ConfigureAwait(false);
            if (total is { } expected && bytes != expected)
            {
                throw new DataFormatException(url.ToString(), "download", $"received {bytes:N0} bytes, the server announced {expected:N0} (connection cut?); run the fetch again");
            }

            var wanted = givenSha256 ?? serverSha256;
            if (wanted is not null && !string.Equals(wanted, sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new DataFormatException(url.ToString(), "download", $"has SHA-256 {sha256}, expected {wanted.ToLowerInvariant()} ({(givenSha256 is null ? "from the server" : "given")}): corrupt or different file");
            }

            File.Move(partial, path, overwrite: true);
            var how = wanted is null ? "size" : givenSha256 is null ? "size+sha256 (server)" : "size+sha256 (given)";
            return new FetchedFile(path, bytes, sha256, total is null && wanted is null ? "none (server sent no size)" : how);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static async Task<(long Bytes, string Sha256)> CopyAsync(HttpResponseMessage response, string partial, string name, long? total,
        IProgress<FetchProgress>? progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        long bytes = 0;
        var stream = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                int read;
                try
                {
                    while ((read = await stream.ReadAsync(buffer, cancellation).ConfigureAwait(false)) > 0)
                    {
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellation).ConfigureAwait(false);
                        hash.AppendData(buffer, 0, read);
                        bytes += read;
                        progress?.Report(new FetchProgress(name, bytes, total, clock.Elapsed));
                    }
                }
                catch (IOException exception)
                {
                    throw new DataFormatException(partial, "download", $"the connection broke after {bytes:N0} bytes: {exception.Message}; run the fetch again", exception);
                }
            }
        }

        return (bytes, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static string? ServerSha256(HttpResponseHeaders headers)
    {
        // Hugging Face sends the LFS object's SHA-256 as X-Linked-Etag (quoted) for large files.
        if (headers.TryGetValues("X-Linked-Etag", out var values))
        {
            var value = values.First().Trim('"', 'W', '/');
            return value.Length == 64 && value.All(Uri.IsHexDigit) ? value : null;
        }

        return null;
    }

    private static void Verify(EsmPublishedModel model, string folder, bool checkArchitecture, List<FetchedFile> fetched)
    {
        try
        {
            using var checkpoint = EsmCheckpoint.Open(folder);
            if (checkArchitecture && checkpoint.Architecture with { TokenDropout = true } != model.Architecture)
            {
                throw new DataFormatException(folder, "weights", $"hold {checkpoint.Architecture}, but {model.Name} is {model.Architecture}: not the published model");
            }
        }
        catch (DataFormatException)
        {
            foreach (var file in fetched)
            {
                File.Delete(file.Path);
            }

            throw;
        }
    }
}
