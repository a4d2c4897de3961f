using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Pipeline.Configuration;
using PllmML.Trainers.SingleCell;

namespace PllmML.Pipeline.Species;

/// <summary>
/// Homology tables resolved against the input species of a fit of any number of species: which column of which table
/// holds which species' genes, and for every non-reference species its pairs with the reference — directly from a
/// table, or composed along the shortest chain of tables (human–mouse and mouse–pig give human–pig).
/// </summary>
/// <remarks>
/// A column's species is the one its header names (<c>mice gene name</c>, <c>Mouse gene name</c>, <c>hs_Symbol</c>; aliases
/// as in the seed's tables), else the table's declared <see cref="HomologyTableConfiguration.Species"/>, else the not yet
/// assigned input species whose genes the column holds most of (the reference first on ties). Every assigned column must
/// hold at least one gene of its species' input. Problems are <see cref="DataFormatException"/>s naming the table and the
/// species: a species named by a table but absent from the inputs, a column that matches no input's genes, a species
/// without any chain of tables to the reference.
/// </remarks>
public sealed class SpeciesHomology
{
    private SpeciesHomology(string reference, Dictionary<string, GenePairTable> pairs, List<SpeciesLink> links, Dictionary<string, IReadOnlyList<string>> routes)
    {
        ReferenceSpecies = reference;
        PairsBySpecies = pairs;
        Links = links;
        Routes = routes;
    }

    /// <summary>The species whose genes name the shared features.</summary>
    public string ReferenceSpecies { get; }

    /// <summary>For every non-reference species: pairs (reference gene, species gene), what the fit takes.</summary>
    public IReadOnlyDictionary<string, GenePairTable> PairsBySpecies { get; }

    /// <summary>Every species pair a table links directly, one entry per table and pair of its columns.</summary>
    public IReadOnlyList<SpeciesLink> Links { get; }

    /// <summary>For every non-reference species: the species chain from the reference to it (two entries when a table links them directly).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Routes { get; }

    /// <summary>Reads the tables and resolves them against the inputs.</summary>
    /// <param name="reference">The reference species (an input).</param>
    /// <param name="inputs">Every species' cells (their gene names decide columns the headers leave open).</param>
    /// <param name="tables">The tables, each with its optional species.</param>
    /// <exception cref="DataFormatException">A table names a species that is not an input, a column matches no input's genes, or a species has no chain of tables to the reference.</exception>
    public static SpeciesHomology Resolve(string reference, IReadOnlyList<SpeciesData> inputs, IReadOnlyList<HomologyTableConfiguration> tables)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(tables);
        return Resolve(reference, inputs, [.. tables.Select(table => (table.Path, table.Species, OrthologTableReader.Read(table.Path)))]);
    }

    /// <summary>Resolves tables already read.</summary>
    /// <param name="reference">The reference species (an input).</param>
    /// <param name="inputs">Every species' cells.</param>
    /// <param name="tables">Each table's file (for messages), declared species and content.</param>
    /// <exception cref="DataFormatException">As <see cref="Resolve(string, IReadOnlyList{SpeciesData}, IReadOnlyList{HomologyTableConfiguration})"/>.</exception>
    public static SpeciesHomology Resolve(string reference, IReadOnlyList<SpeciesData> inputs, IReadOnlyList<(string Path, string? Species, OrthologTable Table)> tables)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(tables);
        var species = inputs.Select(input => input.Species).ToList();
        var allFiles = string.Join(", ", tables.Select(table => table.Path));
        if (!species.Contains(reference))
        {
            throw new DataFormatException(allFiles, string.Empty, $"the reference species '{reference}' is not among the inputs ({string.Join(", ", species)})");
        }

        var genes = inputs.ToDictionary(input => input.Species, input => new HashSet<string>(input.Cells.GeneNames, StringComparer.Ordinal), StringComparer.Ordinal);
        var links = new List<SpeciesLink>();
        foreach (var (path, declared, table) in tables)
        {
            links.AddRange(LinksOf(path, declared, table, reference, inputs, genes));
        }

        return FromLinks(reference, species, links, allFiles);
    }

    /// <summary>
    /// The routes and pairs of every non-reference species from links already resolved (what <see cref="IntegratedHomology"/>
    /// resolves from an integrated file's features instead of the inputs' genes).
    /// </summary>
    /// <param name="reference">The reference species.</param>
    /// <param name="species">Every species.</param>
    /// <param name="links">Every species pair a table links directly.</param>
    /// <param name="allFiles">The tables' files, for messages.</param>
    /// <exception cref="DataFormatException">A species has no chain of tables to the reference.</exception>
    internal static SpeciesHomology FromLinks(string reference, IReadOnlyList<string> species, List<SpeciesLink> links, string allFiles)
    {
        var pairs = new Dictionary<string, GenePairTable>(StringComparer.Ordinal);
        var routes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var target in species.Where(name => name != reference))
        {
            var route = ShortestRoute(reference, target, links)
                ?? throw new DataFormatException(allFiles, string.Empty,
                    $"no homology path from species '{target}' to the reference '{reference}': the tables link only {Describe(links)}; "
                    + $"give a table with {target} genes and the genes of a species linked to {reference}");
            routes[target] = route;
            pairs[target] = Compose(route, links);
        }

        return new SpeciesHomology(reference, pairs, links, routes);
    }

    /// <summary>
    /// The pairs of every species that a table links directly to the reference (no chain through other species, and no
    /// error for species the tables leave out): what an Ensembl table checks the gene pairs behind cell-type matches with.
    /// </summary>
    /// <param name="reference">The reference species (an input).</param>
    /// <param name="inputs">Every species' cells.</param>
    /// <param name="tables">Each table's file (for messages), declared species and content.</param>
    /// <returns>Per non-reference species linked directly: pairs (reference gene, species gene).</returns>
    /// <exception cref="DataFormatException">A table names a species that is not an input, or a column matches no input's genes.</exception>
    public static IReadOnlyDictionary<string, GenePairTable> DirectPairs(string reference, IReadOnlyList<SpeciesData> inputs, IReadOnlyList<(string Path, string? Species, OrthologTable Table)> tables)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(tables);
        var genes = inputs.ToDictionary(input => input.Species, input => new HashSet<string>(input.Cells.GeneNames, StringComparer.Ordinal), StringComparer.Ordinal);
        var links = tables.SelectMany(table => LinksOf(table.Path, table.Species, table.Table, reference, inputs, genes)).ToList();
        return DirectPairsOf(reference, inputs.Select(input => input.Species), links);
    }

    /// <summary>The pairs of every species that a link joins directly to the reference.</summary>
    /// <param name="reference">The reference species.</param>
    /// <param name="species">Every species.</param>
    /// <param name="links">Every species pair a table links directly.</param>
    internal static IReadOnlyDictionary<string, GenePairTable> DirectPairsOf(string reference, IEnumerable<string> species, List<SpeciesLink> links)
    {
        return species
            .Where(name => name != reference && links.Any(link => (link.SpeciesA == reference && link.SpeciesB == name) || (link.SpeciesA == name && link.SpeciesB == reference)))
            .ToDictionary(name => name, name => Step(reference, name, links), StringComparer.Ordinal);
    }

    /// <summary>
    /// Cycle consistency of the one-to-one maps around the species in this order (reference first): for each reference
    /// gene, follow its one-to-one partner through every species and back to the reference. Null when a step of the
    /// cycle has no direct table or there are fewer than three species.
    /// </summary>
    /// <param name="order">The species of the cycle, the reference first.</param>
    public CycleConsistency? Cycles(IReadOnlyList<string> order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return CycleConsistency.Compute(order, Links);
    }

    private static IEnumerable<SpeciesLink> LinksOf(
        string path, string? declared, OrthologTable table, string reference, IReadOnlyList<SpeciesData> inputs, Dictionary<string, HashSet<string>> genes)
    {
        var species = inputs.Select(input => input.Species).ToList();
        if (declared is not null && !species.Contains(declared))
        {
            throw new DataFormatException(path, string.Empty, $"the table is given for species '{declared}', which is not among the inputs ({string.Join(", ", species)})");
        }

        var (headers, columnGenes) = Columns(table);
        var assigned = new string?[headers.Count];
        for (var column = 0; column < headers.Count; column++)
        {
            assigned[column] = SpeciesNames.OfHeader(headers[column], species, out var unknown);
            if (unknown is not null)
            {
                throw new DataFormatException(path, $"column '{headers[column]}'",
                    $"the table names species '{unknown}', which is not among the inputs ({string.Join(", ", species)}); give its cells as an input or use a table without it");
            }
        }

        var hits = columnGenes.Select(column => species.ToDictionary(name => name, name => column.Count(genes[name].Contains), StringComparer.Ordinal)).ToList();
        if (declared is not null && !assigned.Contains(declared))
        {
            var open = Enumerable.Range(0, headers.Count).Where(column => assigned[column] is null).ToList();
            if (open.Count == 0)
            {
                throw new DataFormatException(path, string.Empty,
                    $"the table is given for species '{declared}', but its columns name other species ({string.Join(", ", headers)})");
            }

            assigned[open.MaxBy(column => hits[column][declared])] = declared;
        }

        for (var column = 0; column < headers.Count; column++)
        {
            if (assigned[column] is not null)
            {
                continue;
            }

            var candidates = species.Where(name => !assigned.Contains(name)).OrderByDescending(name => hits[column][name]).ThenBy(name => name == reference ? 0 : 1).ToList();
            if (candidates.Count == 0 || hits[column][candidates[0]] == 0)
            {
                throw new DataFormatException(path, $"column '{headers[column]}'",
                    $"the column's genes match no input's genes ({string.Join(", ", inputs.Select(input => $"{input.Species}: {input.Source ?? input.Species}"))})");
            }

            assigned[column] = candidates[0];
        }

        for (var column = 0; column < headers.Count; column++)
        {
            var name = assigned[column]!;
            if (hits[column][name] == 0)
            {
                var input = inputs.First(candidate => candidate.Species == name);
                throw new DataFormatException(path, $"column '{headers[column]}'", $"species '{name}': no gene of the column is a gene of the {name} input {input.Source ?? name}");
            }

            if (Array.IndexOf(assigned, name) != column)
            {
                throw new DataFormatException(path, $"column '{headers[column]}'", $"species '{name}' is assigned to two columns ({string.Join(", ", headers)})");
            }
        }

        for (var a = 0; a < headers.Count; a++)
        {
            for (var b = a + 1; b < headers.Count; b++)
            {
                yield return new SpeciesLink(assigned[a]!, assigned[b]!, PairsOf(table, a, b), path);
            }
        }
    }

    /// <summary>Every species column of a table: its header and its distinct genes.</summary>
    internal static (IReadOnlyList<string> Headers, List<string[]> Genes) Columns(OrthologTable table)
    {
        if (table.MultiSpecies is { } multi)
        {
            return (multi.SpeciesColumns, [.. Enumerable.Range(0, multi.SpeciesColumns.Count).Select(column => multi.GetGenes(column).Distinct(StringComparer.Ordinal).ToArray())]);
        }

        return ([table.Pairs.GeneAColumn, table.Pairs.GeneBColumn],
            [table.Pairs.Pairs.Select(pair => pair.GeneA).Distinct(StringComparer.Ordinal).ToArray(), table.Pairs.Pairs.Select(pair => pair.GeneB).Distinct(StringComparer.Ordinal).ToArray()]);
    }

    /// <summary>The pairs between two species columns of a table, gene A of column <paramref name="a"/>.</summary>
    internal static GenePairTable PairsOf(OrthologTable table, int a, int b) =>
        table.MultiSpecies is { } multi ? multi.ToPairTable(a, b) : table.Pairs;

    private static List<string>? ShortestRoute(string from, string to, List<SpeciesLink> links)
    {
        var previous = new Dictionary<string, string> { [from] = from };
        var queue = new Queue<string>([from]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            if (current == to)
            {
                var route = new List<string> { to };
                while (route[^1] != from)
                {
                    route.Add(previous[route[^1]]);
                }

                route.Reverse();
                return route;
            }

            foreach (var next in links.SelectMany(link => link.SpeciesA == current ? [link.SpeciesB] : link.SpeciesB == current ? new[] { link.SpeciesA } : []).Order(StringComparer.Ordinal))
            {
                if (previous.TryAdd(next, current))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return null;
    }

    /// <summary>The pairs of one step, every table of that species pair in order, gene A of <paramref name="from"/>.</summary>
    internal static GenePairTable Step(string from, string to, IEnumerable<SpeciesLink> links)
    {
        var steps = links.Where(link => (link.SpeciesA == from && link.SpeciesB == to) || (link.SpeciesA == to && link.SpeciesB == from))
            .Select(link => link.SpeciesA == from ? link : link.Reversed()).ToList();
        return steps.Count == 1 ? steps[0].Pairs : new GenePairTable(steps[0].Pairs.GeneAColumn, steps[0].Pairs.GeneBColumn, [.. steps.SelectMany(step => step.Pairs.Pairs)]);
    }

    /// <summary>Pairs along the route, joined on each intermediate species' gene (distinct pairs, first-seen order; no score after a join).</summary>
    private static GenePairTable Compose(List<string> route, List<SpeciesLink> links)
    {
        var table = Step(route[0], route[1], links);
        for (var step = 2; step < route.Count; step++)
        {
            var next = Step(route[step - 1], route[step], links);
            var byGene = next.Pairs.GroupBy(pair => pair.GeneA, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Select(pair => pair.GeneB).ToList(), StringComparer.Ordinal);
            var seen = new HashSet<(string, string)>();
            var joined = table.Pairs
                .SelectMany(pair => byGene.TryGetValue(pair.GeneB, out var partners) ? partners.Select(partner => new GenePair(pair.GeneA, partner)) : [])
                .Where(pair => pair.GeneA.Length > 0 && pair.GeneB.Length > 0 && seen.Add((pair.GeneA, pair.GeneB)))
                .ToArray();
            table = new GenePairTable(table.GeneAColumn, next.GeneBColumn, joined);
        }

        return table;
    }

    private static string Describe(List<SpeciesLink> links) =>
        links.Count == 0 ? "no species" : string.Join("; ", links.Select(link => $"{link.SpeciesA}–{link.SpeciesB} ({Path.GetFileName(link.Source)})").Distinct());
}
