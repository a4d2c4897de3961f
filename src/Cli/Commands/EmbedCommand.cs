using System.CommandLine;
using System.Globalization;
using PllmML.Data;
using PllmML.Data.Embeddings;
using PllmML.Data.Proteins;
using PllmML.Esm;
using PllmML.Esm.Embedding;
using PllmML.Esm.Genes;
using PllmML.Esm.Models;
using PllmML.Pipeline;
using Spectre.Console;

namespace PllmML.Cli.Commands;

/// <summary>
/// <c>pllm embed --model … --fasta … --out …</c>: ESM-2 embeddings of every protein, pooled per gene (or per protein),
/// with a resumable store and progress. <c>pllm embed --shard i/n --store shard_i/</c> embeds one slice of the
/// distinct sequences on one machine, and <c>pllm embed merge</c> (<see cref="EmbedMergeCommand"/>) combines the
/// shards' stores for the final, unsharded pooling run.
/// </summary>
internal static class EmbedCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var model = new Option<string>("--model") { Description = "An ESM-2 checkpoint (Hugging Face folder, model.safetensors, pytorch_model.bin, fair-esm .pt; run with TorchSharp), an ESM-2 ONNX export (a .onnx file in the Hugging Face optimum layout, run with ONNX Runtime: last layer only, fp32, stored under the file's SHA-256) or a published name such as esm2_t33_650M_UR50D (weights looked up in $PLLM_MODELS or ~/.cache/pllm/models).", Required = true };
        var fasta = new Option<string[]>("--fasta") { Description = "Protein FASTA file(s) (Ensembl pep.all, UniProt or plain; gzip too). Repeat for several.", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string?>("--out") { Description = "Output file: .tsv (id then values), .safetensors ({id: vector}) or .parquet (id, embedding). Required, except with --shard (a shard writes only its --store)." };
        var level = new Option<string>("--level") { Description = "gene (default: pool isoforms per gene) or protein (one row per protein).", DefaultValueFactory = _ => "gene" };
        level.AcceptOnlyFromAmong("gene", "protein");
        var pool = new Option<string>("--pool") { Description = "Gene pooling: mean over isoforms (default, the original project's), max (element-wise), canonical (one isoform: --canonical table, else the longest).", DefaultValueFactory = _ => "mean" };
        pool.AcceptOnlyFromAmong("mean", "max", "canonical");
        var canonical = new Option<string?>("--canonical") { Description = "For --pool canonical: a two-column table gene, protein id (TSV or CSV)." };
        var geneKey = new Option<string>("--gene-key") { Description = "Header field naming the gene: symbol (default; Ensembl gene_symbol:, UniProt GN=) or id (Ensembl gene:).", DefaultValueFactory = _ => "symbol" };
        geneKey.AcceptOnlyFromAmong("symbol", "id");
        var layer = new Option<int>("--layer") { Description = "Representation layer (0 = embeddings … L = last, after the final LayerNorm; -1 = last, the default).", DefaultValueFactory = _ => -1 };
        var device = new Option<string>("--device") { Description = "cpu (default) or cuda.", DefaultValueFactory = _ => "cpu" };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var maxTokens = new Option<int>("--max-tokens") { Description = "Token budget per batch (longest sequence × batch size), as extract.py's --toks_per_batch. Default 4096.", DefaultValueFactory = _ => 4096 };
        var store = new Option<string?>("--store") { Description = "Folder of a persistent embedding store: a killed run resumes there, and later runs reuse what it holds." };
        var longSequences = new Option<string>("--long-sequences") { Description = "truncate (default, extract.py: first 1022 residues) or window (overlapping 1022-residue windows, stride 511, averaged per residue).", DefaultValueFactory = _ => "truncate" };
        longSequences.AcceptOnlyFromAmong("truncate", "window");
        var cleaning = new Option<string>("--cleaning") { Description = "Protein cleaning policy: standard (default), original, strict.", DefaultValueFactory = _ => "standard" };
        cleaning.AcceptOnlyFromAmong("standard", "original", "strict");
        var precision = new Option<string>("--precision") { Description = "fp32 (default, exact) or bf16 (bfloat16 matrix products, float32 residual stream: faster, not exact; needs a CPU with AVX512_BF16/AMX, or --device cuda).", DefaultValueFactory = _ => "fp32" };
        precision.AcceptOnlyFromAmong("fp32", "bf16");
        var threads = new Option<int?>("--threads") { Description = "CPU threads for the model (default: libtorch's choice)." };
        var shard = new Option<string?>("--shard") { Description = "i/n (1-based, e.g. 3/8 for SLURM_ARRAY_TASK_ID=3 of --array=1-8): embed only shard i of the distinct sequences (chosen by their SHA-256, so file order and later proteomes do not move them) into --store, and write no --out. Combine the shards' stores with 'pllm embed merge', then run once without --shard to pool." };
        var storeOnly = new Option<bool>("--store-only") { Description = "Compute nothing: fail (exit 1) if any sequence is missing from --store, e.g. because a shard did not finish. For the final pooling run after a merge." };
        var command = new Command("embed", "Embed proteins with ESM-2 and pool them per gene.")
        {
            model, fasta, output, level, pool, canonical, geneKey, layer, device, maxTokens, store, longSequences, cleaning, threads, shard, storeOnly, precision,
        };
        command.Add(EmbedMergeCommand.Create(console));
        command.SetAction(parse => Run(console, new Settings(
            parse.GetRequiredValue(model), parse.GetRequiredValue(fasta), parse.GetValue(output),
            parse.GetValue(level) == "gene", Pooling(parse.GetValue(pool)), parse.GetValue(canonical),
            parse.GetValue(geneKey) == "id" ? GeneKey.Id : GeneKey.Symbol, parse.GetValue(layer),
            parse.GetValue(device) == "cuda" ? EsmDevice.Cuda : EsmDevice.Cpu, parse.GetValue(maxTokens), parse.GetValue(store),
            parse.GetValue(longSequences) == "window" ? LongSequenceMode.SlidingWindow : LongSequenceMode.Truncate,
            CleaningPolicy(parse.GetValue(cleaning)), parse.GetValue(threads), ParseShard(parse.GetValue(shard)), parse.GetValue(storeOnly))
        {
            Precision = parse.GetValue(precision) == "bf16" ? EsmPrecision.Bf16 : EsmPrecision.Fp32,
        }));
        return command;
    }

    private static int Run(IAnsiConsole console, Settings settings)
    {
        Validate(settings);
        using var session = Progress.Run(console, $"Loading {settings.Model}", () => Open(settings));
        console.MarkupLine(session.Model is EsmModel torch
            ? $"Model {Markup.Escape(torch.Name)}: {Markup.Escape(torch.Architecture.ToString())}, {torch.Device}."
            : $"Model {Markup.Escape(session.Model.Name)}: ONNX Runtime, width {session.Model.EmbeddingDimension}, last layer, {settings.Device}.");
        var proteins = ReadProteins(console, settings);
        RequireStored(settings, session.Embedder, proteins);
        var summary = EmbedWithProgress(console, session, proteins);
        if (settings.Shard is not null)
        {
            ReportShard(console, settings, session.Store, summary, session.Options);
        }
        else
        {
            WriteOutput(console, settings, session, proteins, summary);
        }

        return PllmCommandLine.Success;
    }

    private static void WriteOutput(IAnsiConsole console, Settings settings, ProteomeEmbedding session, List<ProteinRecord> proteins, EmbeddingRunSummary summary)
    {
        var output = settings.Output!;
        GenePooling? pooling = settings.GeneLevel ? settings.Pooling : null;
        var canonical = settings.Canonical is null ? null : GenePooler.ReadCanonicalTable(settings.Canonical);
        var (table, genes) = session.Table(proteins, pooling, settings.GeneKey, canonical);
        if (genes is not null)
        {
            ReportGenes(console, settings, genes, proteins);
        }

        EmbeddingFiles.Write(table, output, session.Metadata(pooling));
        console.MarkupLine(
            $"Wrote {Markup.Escape(output)}: {table.Count:N0} {(settings.GeneLevel ? "genes" : "proteins")} × {table.Width}. "
            + $"{summary.Proteins:N0} proteins, {summary.UniqueSequences:N0} distinct sequences: {Computation(summary, session.Options)}");
    }

    /// <summary>One shard: this slice is in the store; pooling waits for the merged store.</summary>
    private static void ReportShard(IAnsiConsole console, Settings settings, EmbeddingStore store, EmbeddingRunSummary summary, ProteinEmbeddingOptions options) =>
        console.MarkupLine(Markup.Escape(
            $"Shard {settings.Shard}: {summary.UniqueSequences:N0} of {summary.UniqueSequences + summary.OtherShards:N0} distinct sequences "
            + $"({summary.OtherShards:N0} belong to other shards) are in {store.FilePath}: {Computation(summary, options)} "
            + "When every shard is done: pllm embed merge --into <store> <shard stores…>, then pllm embed without --shard."));

    private static string Computation(EmbeddingRunSummary summary, ProteinEmbeddingOptions options) =>
        $"{summary.Reused:N0} from the store, {summary.Computed:N0} computed ({summary.ResiduesComputed:N0} residues in "
        + $"{summary.Elapsed.TotalSeconds:0.0} s, {summary.ResiduesPerSecond:N0} residues/s, {summary.Batches:N0} batches); "
        + $"{summary.Truncated:N0} truncated to {options.Truncation} residues.";

    /// <summary>With --store-only, fails before any model call when the store lacks a sequence.</summary>
    private static void RequireStored(Settings settings, ProteinEmbedder embedder, List<ProteinRecord> proteins)
    {
        if (settings.StoreOnly && embedder.CountMissing(proteins) is > 0 and var missing)
        {
            throw new DataFormatException(settings.Store!, string.Empty,
                $"--store-only: {missing:N0} distinct sequences are not in the store for this model, layer and pooling (did every shard finish, and was every shard store merged?). Run without --store-only to compute them here.");
        }
    }

    private static EmbeddingShard? ParseShard(string? text)
    {
        try
        {
            return text is null ? null : EmbeddingShard.Parse(text);
        }
        catch (FormatException exception)
        {
            throw new UsageException($"--shard {exception.Message}", exception);
        }
    }

    private static void Validate(Settings settings)
    {
        if (settings.MaxTokens < 3)
        {
            throw new UsageException($"--max-tokens {settings.MaxTokens}: a batch needs room for at least one sequence (≥ 3 tokens).");
        }

        if (settings.StoreOnly && settings.Store is null)
        {
            throw new UsageException("--store-only needs --store.");
        }

        if (settings.Shard is not null)
        {
            ValidateShard(settings);
            return;
        }

        if (settings.Output is null)
        {
            throw new UsageException("Option '--out' is required (only a --shard run goes without it).");
        }

        if (!EmbeddingFiles.WritableExtensions.Contains(Path.GetExtension(settings.Output).ToLowerInvariant()))
        {
            throw new UsageException($"--out {settings.Output}: use a name ending in .tsv, .safetensors or .parquet.");
        }

        if (settings.Canonical is not null && settings.Pooling != GenePooling.Canonical)
        {
            throw new UsageException("--canonical is used only with --pool canonical.");
        }
    }

    private static void ValidateShard(Settings settings)
    {
        if (settings.Output is not null)
        {
            throw new UsageException($"--out {settings.Output}: a --shard run writes only its --store; merge the shards' stores (pllm embed merge) and write --out from one run without --shard.");
        }

        if (settings.Store is null)
        {
            throw new UsageException("--shard needs --store: each shard embeds into its own store folder (e.g. --store shard_3/), merged later with pllm embed merge.");
        }
    }

    private static ProteomeEmbedding Open(Settings settings)
    {
        try
        {
            return ProteomeEmbedding.Open(new ProteomeEmbeddingSettings
            {
                Model = settings.Model, Device = settings.Device, Threads = settings.Threads, Layer = settings.Layer, MaxTokens = settings.MaxTokens,
                LongSequences = settings.LongSequences, Shard = settings.Shard, Store = settings.Store, ExistingStoreOnly = settings.StoreOnly,
                Precision = settings.Precision,
            });
        }
        catch (EsmDeviceException exception)
        {
            throw new UsageException(exception.Message, exception);
        }
    }

    private static List<ProteinRecord> ReadProteins(IAnsiConsole console, Settings settings)
    {
        var proteins = new List<ProteinRecord>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in settings.Fasta)
        {
            using var reader = new ProteinFastaReader(path, settings.Cleaning);
            var repeated = 0;
            foreach (var record in reader.ReadRecords())
            {
                if (ids.Add(record.ProteinId))
                {
                    proteins.Add(record);
                }
                else
                {
                    repeated++;
                }
            }

            var report = reader.Report;
            console.MarkupLine(Markup.Escape(
                $"{path}: {report.RecordsKept:N0} of {report.RecordsRead:N0} proteins kept ({report.RecordsDropped:N0} dropped, {report.RecordsChanged:N0} changed by the cleaning policy"
                + (repeated > 0 ? $"; {repeated:N0} ids already read from an earlier file left out" : string.Empty) + ")."));
        }

        return proteins.Count > 0 ? proteins : throw new UsageException("The FASTA input holds no protein that the cleaning policy keeps.");
    }

    private static EmbeddingRunSummary EmbedWithProgress(IAnsiConsole console, ProteomeEmbedding session, List<ProteinRecord> proteins)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            return session.Embed(proteins, new LineProgress(console));
        }

        return console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("Embedding", maxValue: 1);
                return session.Embed(proteins, new Progress<EmbeddingProgress>(progress =>
                {
                    task.MaxValue = Math.Max(1, progress.ResiduesToCompute);
                    task.Value = progress.ResiduesComputed;
                    task.Description = Markup.Escape(Describe(progress));
                }));
            });
    }

    private static string Describe(EmbeddingProgress progress)
    {
        var seconds = Math.Max(progress.Elapsed.TotalSeconds, 1e-9);
        var eta = progress.Remaining is { } remaining ? $", ETA {remaining:hh\\:mm\\:ss}" : string.Empty;
        return $"{progress.SequencesDone:N0}/{progress.SequencesTotal:N0} sequences, {progress.SequencesDone / seconds:N1} proteins/s, "
            + $"{progress.ResiduesPerSecond:N0} residues/s{eta}";
    }

    private static void ReportGenes(IAnsiConsole console, Settings settings, GeneEmbeddingResult genes, List<ProteinRecord> proteins)
    {
        if (genes.Genes.Count == 0)
        {
            throw new UsageException($"No protein header names a gene ({settings.GeneKey}); use --level protein for FASTA files without gene fields.");
        }

        var audit = AuditPath(settings.Output!);
        genes.WriteAudit(audit);
        console.MarkupLine(Markup.Escape(
            $"{genes.Genes.Count:N0} genes from {proteins.Count - genes.ProteinsWithoutGene:N0} proteins ({settings.Pooling.ToString().ToLowerInvariant()} pooling); "
            + $"{genes.ProteinsWithoutGene:N0} proteins name no gene and are left out. Per-gene audit: {audit}"));
    }

    private static string AuditPath(string output) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, Path.GetFileNameWithoutExtension(output) + ".audit.tsv");

    private static GenePooling Pooling(string? name) => name switch
    {
        "max" => GenePooling.Max,
        "canonical" => GenePooling.Canonical,
        _ => GenePooling.Mean,
    };

    private static ProteinCleaningPolicy CleaningPolicy(string? name) => name switch
    {
        "original" => ProteinCleaningPolicy.Original,
        "strict" => ProteinCleaningPolicy.Strict,
        _ => ProteinCleaningPolicy.Standard,
    };

    /// <summary>Progress for logs: one line every 10 seconds.</summary>
    private sealed class LineProgress(IAnsiConsole console) : IProgress<EmbeddingProgress>
    {
        private TimeSpan _next = TimeSpan.FromSeconds(10);

        public void Report(EmbeddingProgress value)
        {
            if (value.Elapsed >= _next)
            {
                _next = value.Elapsed + TimeSpan.FromSeconds(10);
                console.WriteLine(Describe(value));
            }
        }
    }

    private sealed record Settings(
        string Model, string[] Fasta, string? Output, bool GeneLevel, GenePooling Pooling, string? Canonical, GeneKey GeneKey, int Layer,
        EsmDevice Device, int MaxTokens, string? Store, LongSequenceMode LongSequences, ProteinCleaningPolicy Cleaning, int? Threads,
        EmbeddingShard? Shard, bool StoreOnly)
    {
        public EsmPrecision Precision { get; init; }
    }
}
