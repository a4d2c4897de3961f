using System.CommandLine;
using System.Globalization;
using PllmML.Esm.Embedding;
using Spectre.Console;

namespace PllmML.Cli.Commands;

/// <summary>
/// <c>pllm embed merge --into embeddings/ shard_1/ shard_2/ …</c>: copies the embedding stores of <c>pllm embed
/// --shard</c> runs (or any stores) into one, checking that keys both hold agree; idempotent.
/// </summary>
internal static class EmbedMergeCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var into = new Option<string>("--into") { Description = "The store folder to merge into (created when missing; what it holds already is kept).", Required = true };
        var stores = new Argument<string[]>("stores") { Description = "Store folders to merge in (e.g. the shards' --store folders), each must exist.", Arity = ArgumentArity.OneOrMore };
        var tolerance = new Option<float>("--tolerance") { Description = "Largest absolute difference per value at which two vectors under the same key (sequence, model, layer, pooling) still agree; padding in differently composed batches changes float32 rounding by about 1e-6. Default 1e-4; 0 = bitwise.", DefaultValueFactory = _ => EmbeddingMergeOptions.DefaultTolerance };
        var keepExisting = new Option<bool>("--keep-existing") { Description = "On a conflict keep the --into store's vector and count it, instead of stopping with an error (exit 1) that names both stores and the key." };
        var command = new Command("merge", "Merge embedding stores (e.g. of 'pllm embed --shard i/n' runs) into one; then run 'pllm embed --store <into>' without --shard to pool.")
        {
            into, stores, tolerance, keepExisting,
        };
        command.SetAction(parse => Run(
            console, parse.GetRequiredValue(into), parse.GetRequiredValue(stores),
            new EmbeddingMergeOptions { Tolerance = parse.GetValue(tolerance), KeepExistingOnConflict = parse.GetValue(keepExisting) }));
        return command;
    }

    private static int Run(IAnsiConsole console, string into, string[] stores, EmbeddingMergeOptions options)
    {
        if (!(options.Tolerance >= 0))
        {
            throw new UsageException($"--tolerance {options.Tolerance.ToString(CultureInfo.InvariantCulture)}: use 0 or a positive number.");
        }

        if (stores.Distinct(StringComparer.Ordinal).Count() != stores.Length)
        {
            throw new UsageException($"{stores.GroupBy(s => s, StringComparer.Ordinal).First(g => g.Count() > 1).Key}: named twice.");
        }

        if (stores.FirstOrDefault(store => !EmbeddingStore.Exists(store)) is { } missing)
        {
            throw new FileNotFoundException($"{missing}: no embedding store here (expected {Path.Combine(missing, EmbeddingStore.FileName)}); did that run start?");
        }

        using var target = EmbeddingStore.Open(into);
        var before = target.Count();
        var summary = MergeWithProgress(console, target, stores, options);
        var table = new Table().AddColumns("model identity", "layer", "pooling", "new", "already present", "conflicts (kept)");
        foreach (var group in summary.Groups)
        {
            table.AddRow(Markup.Escape(group.Model), group.Layer.ToString(CultureInfo.InvariantCulture), Markup.Escape(group.Pooling),
                group.Added.ToString("N0", CultureInfo.InvariantCulture), group.AlreadyPresent.ToString("N0", CultureInfo.InvariantCulture),
                group.Conflicts.ToString("N0", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        console.MarkupLine(Markup.Escape(
            $"Merged {summary.Stores:N0} stores ({summary.RowsRead:N0} rows) into {target.FilePath}: {summary.Added:N0} new, "
            + $"{summary.AlreadyPresent:N0} already present (largest difference {summary.LargestDifference:G3}), {summary.Conflicts:N0} conflicts; "
            + $"{before:N0} → {target.Count():N0} embeddings, in {summary.Elapsed.TotalSeconds:0.0} s."));
        if (summary.Groups.Count > 1)
        {
            console.MarkupLine("[yellow]The stores hold more than one model, layer or pooling: check that every shard ran with the same --model, --layer and --long-sequences.[/]");
        }

        return PllmCommandLine.Success;
    }

    private static EmbeddingMergeSummary MergeWithProgress(IAnsiConsole console, EmbeddingStore target, string[] stores, EmbeddingMergeOptions options)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            return target.Merge(stores, options);
        }

        return console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("Merging", maxValue: 1);
                return target.Merge(stores, options, new Progress<EmbeddingMergeProgress>(progress =>
                {
                    task.MaxValue = Math.Max(1, progress.RowsTotal);
                    task.Value = progress.RowsDone;
                    task.Description = Markup.Escape($"{progress.StoresDone}/{progress.StoreCount} stores, {progress.RowsDone:N0}/{progress.RowsTotal:N0} rows");
                }));
            });
    }
}
