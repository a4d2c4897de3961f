using System.CommandLine;
using System.Globalization;
using PllmML.Esm.Models;
using Spectre.Console;

namespace PllmML.Cli.Commands;

/// <summary><c>pllm model list|fetch</c>: the published ESM-2 models and downloading their weights.</summary>
internal static class ModelCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("model", "List the published ESM-2 models and download their weights.");
        command.Add(CreateList(console));
        command.Add(CreateFetch(console));
        return command;
    }

    private static Option<string?> ModelsFolder() => new("--models")
    {
        Description = $"The models folder (default: ${EsmModelCatalog.ModelsFolderVariable}, else ~/.cache/pllm/models).",
    };

    private static Command CreateList(IAnsiConsole console)
    {
        var folder = ModelsFolder();
        var command = new Command("list", "Show the published ESM-2 models and whether their weights are on disk.") { folder };
        command.SetAction(parse =>
        {
            var root = parse.GetValue(folder) ?? EsmModelCatalog.DefaultModelsFolder;
            var table = new Table().AddColumns("name", "layers × width", "heads", "float32 size", "on disk");
            foreach (var model in EsmModelCatalog.Published)
            {
                string present;
                try
                {
                    present = EsmModelCatalog.Resolve(model.Name, root);
                }
                catch (FileNotFoundException)
                {
                    present = "no";
                }

                table.AddRow(model.Name, $"{model.Architecture.LayerCount} × {model.Architecture.EmbeddingDimension}",
                    model.Architecture.HeadCount.ToString(CultureInfo.InvariantCulture), $"{model.ApproximateBytes / 1e9:0.0} GB", Markup.Escape(present));
            }

            console.Write(table);
            return PllmCommandLine.Success;
        });
        return command;
    }

    private static Command CreateFetch(IAnsiConsole console)
    {
        var name = new Argument<string>("name") { Description = "A published ESM-2 model, e.g. esm2_t33_650M_UR50D." };
        var folder = ModelsFolder();
        var source = new Option<string?>("--source") { Description = "Base URL of the hub (default https://huggingface.co; a mirror with the same <repo>/resolve/main/<file> paths works)." };
        var sha256 = new Option<string?>("--sha256") { Description = "Expected SHA-256 of model.safetensors (Hugging Face's own hash header is checked when present)." };
        var command = new Command("fetch", "Download a published ESM-2 model (config.json, model.safetensors) and verify size, SHA-256 and shape.")
        {
            name, folder, source, sha256,
        };
        command.SetAction(parse => Fetch(console, parse.GetRequiredValue(name), parse.GetValue(folder) ?? EsmModelCatalog.DefaultModelsFolder,
            parse.GetValue(source), parse.GetValue(sha256)));
        return command;
    }

    private static int Fetch(IAnsiConsole console, string name, string folder, string? source, string? sha256)
    {
        var model = EsmModelCatalog.Find(name)
            ?? throw new UsageException($"'{name}' is not a published ESM-2 model ({string.Join(", ", EsmModelCatalog.Published.Select(m => m.Name))}).");
        if (source is not null && !Uri.TryCreate(source, UriKind.Absolute, out _))
        {
            throw new UsageException($"--source {source} is not an absolute URL.");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromHours(6) };
        var fetcher = new EsmModelFetcher(http);
        IReadOnlyList<FetchedFile> files;
        try
        {
            files = console.Profile.Capabilities.Interactive
                ? console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                    .Start(context =>
                    {
                        var tasks = new Dictionary<string, ProgressTask>();
                        return Run(fetcher, model, folder, source, sha256, new Progress<FetchProgress>(p =>
                        {
                            if (!tasks.TryGetValue(p.File, out var task))
                            {
                                tasks[p.File] = task = context.AddTask(Markup.Escape(p.File), maxValue: p.BytesTotal ?? 1);
                            }

                            task.MaxValue = p.BytesTotal ?? Math.Max(p.BytesDone, 1);
                            task.Value = p.BytesDone;
                        }));
                    })
                : Run(fetcher, model, folder, source, sha256, null);
        }
        catch (HttpRequestException exception)
        {
            throw new IOException($"Download of {model.Name} failed: {exception.Message}", exception);
        }

        foreach (var file in files)
        {
            console.MarkupLine(Markup.Escape($"{file.Path}: {file.Bytes:N0} bytes, sha256 {file.Sha256}, verified: {file.Verified}"));
        }

        console.MarkupLine(Markup.Escape($"{model.Name} is ready: --model {model.Name} (folder {Path.Combine(folder, model.Name)})."));
        return PllmCommandLine.Success;
    }

    private static IReadOnlyList<FetchedFile> Run(EsmModelFetcher fetcher, EsmPublishedModel model, string folder, string? source, string? sha256, IProgress<FetchProgress>? progress) =>
        fetcher.FetchAsync(model, folder, source is null ? null : new Uri(source), sha256, progress: progress).GetAwaiter().GetResult();
}
