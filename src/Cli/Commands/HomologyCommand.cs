using System.CommandLine;
using PllmML.Data;
using PllmML.Data.Embeddings;
using PllmML.Data.Orthologs;
using PllmML.Homology.Embeddings;
using PllmML.Homology.Ensembl;
using Spectre.Console;

namespace PllmML.Cli.Commands;

/// <summary>
/// <c>pllm homology --biomart X --strategy ens-m2m|ens-o2o|hm-o2o|hl-o2o</c>: the original project's database
/// strategies on an Ensembl BioMart export, and (with <c>--lm</c>) the hybrid with a language-model mapping.
/// </summary>
internal static class HomologyCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var biomart = new Option<string>("--biomart") { Description = "The Ensembl BioMart homologue export (ENS_M2M).", Required = true };
        var strategy = new Option<string>("--strategy")
        {
            Description = "ens-m2m (all homologs), ens-o2o (ortholog_one2one), hm-o2o (greedy by confidence, then "
                + "mean %identity; exact ties keep file order), hl-o2o (hybrid with --lm).",
            Required = true,
        };
        strategy.AcceptOnlyFromAmong("ens-m2m", "ens-o2o", "hm-o2o", "hl-o2o");
        var lm = new Option<string[]>("--lm")
        {
            Description = "For hl-o2o: a language-model pairs CSV with a correlation column (LM_O2O), or two embedding "
                + "files (--lm a.tsv --lm b.tsv) from which the greedy LM mapping and all correlations are computed.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string>("--out") { Description = "The pairs CSV to write.", Required = true };
        var names = CommonOptions.SpeciesNames();
        var command = new Command("homology", "Ortholog tables from an Ensembl BioMart export (and their hybrid with embeddings).")
        {
            biomart, strategy, lm, output, names,
        };
        command.SetAction(parse => Run(
            console,
            parse.GetRequiredValue(biomart),
            parse.GetRequiredValue(strategy),
            parse.GetValue(lm) ?? [],
            parse.GetRequiredValue(output),
            parse.GetValue(names)));
        return command;
    }

    private static int Run(IAnsiConsole console, string biomartPath, string strategy, string[] lm, string output, string? names)
    {
        if (strategy == "hl-o2o" && lm.Length is not (1 or 2))
        {
            throw new UsageException("hl-o2o needs --lm: one pairs CSV, or two embedding files.");
        }

        var biomart = Progress.Run(console, $"Reading {biomartPath}", () => BiomartTableReader.Read(biomartPath));
        var (speciesA, speciesB) = names is null
            ? ("query", biomart.TargetSpecies.ToLowerInvariant())
            : CommonOptions.ParseSpeciesNames(names, biomartPath, biomartPath);
        console.MarkupLine(
            $"{Markup.Escape(biomartPath)}: {biomart.Rows.Count:N0} rows, {biomart.Homologs.Count:N0} with both genes, "
            + $"{biomart.RowsWithoutHomolog:N0} without a homolog, {biomart.RowsWithUnnamedGene:N0} with an unnamed gene (not used).");
        GenePairTable table;
        switch (strategy)
        {
            case "ens-m2m":
                table = EnsemblStrategies.AllHomologs(biomart);
                break;
            case "ens-o2o":
                table = EnsemblStrategies.OneToOne(biomart);
                break;
            case "hm-o2o":
                var result = HomologyGreedy.Match(biomart, speciesA, speciesB);
                table = result.Pairs;
                console.MarkupLine(
                    $"hm-o2o: {result.Candidates:N0} candidates; {result.TiedChoices.Count:N0} accepted pairs were chosen "
                    + "among exact (confidence, identity) ties (tie rule: BioMart file order).");
                break;
            default:
                table = Hybrid(console, biomart, lm, speciesA, speciesB);
                break;
        }

        GenePairTableWriter.Write(table, output);
        console.MarkupLine($"Wrote {Markup.Escape(output)}: {table.Count:N0} pairs ({strategy}).");
        return PllmCommandLine.Success;
    }

    private static GenePairTable Hybrid(IAnsiConsole console, BiomartTable biomart, string[] lm, string speciesA, string speciesB)
    {
        var homology = HomologyGreedy.Match(biomart, speciesA, speciesB).Pairs.Pairs;
        if (lm.Length == 1)
        {
            var pairs = Progress.Run(console, $"Reading {lm[0]}", () => GenePairTableReader.Read(lm[0]));
            if (pairs.ScoreColumnNames.Count == 0)
            {
                throw new DataFormatException(lm[0], "line 1", "the language-model pairs need a correlation column");
            }

            var known = pairs.Pairs.GroupBy(p => (p.GeneA, p.GeneB)).ToDictionary(g => g.Key, g => g.First().Score);
            console.MarkupLine(
                "[grey]Correlations of candidates outside the LM table are unknown and filled with the median of the known ones "
                + "(the original used the median of its full matrix).[/]");
            return HybridGreedy.Match(
                biomart, homology, pairs.Pairs, (a, b) => known.TryGetValue((a, b), out var r) ? r : null, speciesA, speciesB);
        }

        var genesA = EmbeddingFiles.Read(lm[0]);
        var genesB = EmbeddingFiles.Read(lm[1]);
        var neighbours = Progress.Run(
            console, "Comparing embeddings", () => GeneSimilaritySearch.Search(genesA, lm[0], genesB, lm[1]));
        var languageModel = GreedyMatching.Match(neighbours, GreedyCandidates.MutualBestHits);
        var rowA = Index(genesA.Ids);
        var rowB = Index(genesB.Ids);
        return HybridGreedy.Match(
            biomart,
            homology,
            languageModel,
            (a, b) => rowA.TryGetValue(a, out var i) && rowB.TryGetValue(b, out var j) ? neighbours.Vectors.Score(i, j) : null,
            speciesA,
            speciesB);
    }

    private static Dictionary<string, int> Index(IReadOnlyList<string> ids) =>
        ids.Select((id, row) => (id, row)).ToDictionary(x => x.id, x => x.row, StringComparer.Ordinal);
}
