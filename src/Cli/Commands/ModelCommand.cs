using System.CommandLine;
using System.Globalization;
using PllmML.Esm.Checkpoints;
using PllmML.Esm.Models;
using PllmML.Esm.Onnx;
using Spectre.Console;

namespace PllmML.Cli.Commands;

/// <summary><c>pllm model list|fetch|export-onnx</c>: the published ESM-2 models, downloading their weights, and ONNX exports.</summary>
internal static class ModelCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("model", "List the published ESM-2 models, download their weights, export one to ONNX.");
        command.Add(CreateList(console));
        command.Add(CreateFetch(console));
        command.Add(CreateExportOnnx(console));
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

    private static Command CreateExportOnnx(IAnsiConsole console)
    {
        var model = new Argument<string>("model") { Description = "An ESM-2 checkpoint (Hugging Face folder, model.safetensors, pytorch_model.bin, fair-esm .pt) or a published name." };
        var output = new Option<string>("--out") { Description = "The .onnx file to write (optimum layout: input_ids, attention_mask → last_hidden_state).", Required = true };
        var folder = ModelsFolder();
        var external = new Option<string>("--external-data")
        {
            Description = $"Where the weights go: auto (default: beside the model in <out>.data above {EsmOnnxExport.ExternalDataThreshold >> 30} GiB), yes, or no (inline; at most 2 GiB).",
            DefaultValueFactory = _ => "auto",
        };
        var command = new Command("export-onnx", "Write an ESM-2 checkpoint as an ONNX model for ONNX Runtime (CPU or CUDA), without Python; pllm embed --model <file>.onnx runs it.")
        {
            model, output, folder, external,
        };
        command.SetAction(parse =>
        {
            var externalText = parse.GetRequiredValue(external);
            bool? externalData = externalText.ToUpperInvariant() switch
            {
                "AUTO" => null,
                "YES" => true,
                "NO" => false,
                _ => throw new UsageException($"--external-data {externalText}: expected auto, yes or no."),
            };
            using var checkpoint = EsmCheckpoint.Open(EsmModelCatalog.Resolve(parse.GetRequiredValue(model), parse.GetValue(folder)));
            var summary = Progress.Run(console, $"Exporting {checkpoint.Name}", () => EsmOnnxExport.Export(checkpoint, parse.GetRequiredValue(output), externalData));
            console.MarkupLine(Markup.Escape($"Wrote {summary.ModelPath}{(summary.ExternalDataPath is null ? string.Empty : $" and its weights {summary.ExternalDataPath}")}: {summary.Architecture}, from {summary.SourceIdentity}."));
            return PllmCommandLine.Success;
        });
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
