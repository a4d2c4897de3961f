using PllmML.Comparative;
using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Pipeline.Configuration;
using PllmML.Trainers.SingleCell;

namespace PllmML.Pipeline.Species;

/// <summary>
/// Homology tables resolved against integrated cells alone (what <c>pllm markers</c> has): the shared features of X are
/// the reference species' genes and obs names every species, so a table is oriented by which of its columns holds the
/// features, and the other columns by the species their headers (or <c>&lt;species&gt;=&lt;table&gt;</c>) name. The
/// pairs come out as the fit resolved them (<see cref="SpeciesHomology"/>: direct, or composed along a chain of tables).
/// </summary>
/// <remarks>
/// Two species and one plain two-species table keep the two-species rule: the table names each feature's homolog,
/// oriented by the features it holds (as the markers stage of <c>pllm run</c>). Otherwise, in each table: a column whose
/// header names a species is that species'; a declared species takes the open column holding the fewest features; the
/// reference takes the open column holding the most features; the one species left (if only one is) takes a last open
/// column. Problems are <see cref="DataFormatException"/>s naming the table and the species.
/// </remarks>
public static class IntegratedHomology
{
    /// <summary>Resolves the tables against the integrated cells.</summary>
    /// <param name="cells">The integrated cells: X's features are the reference species' genes; obs <paramref name="speciesKey"/> the species.</param>
    /// <param name="sourcePath">The cells' file, for messages.</param>
    /// <param name="speciesKey">The obs column with the species.</param>
    /// <param name="reference">The reference species; null for the one the file records (uns <c>pllm/reference_species</c>).</param>
    /// <param name="tables">The homology tables, each with its optional species (none: the gene pairs are the shared features).</param>
    /// <param name="ensembl">An Ensembl ortholog table to check each gene pair against, or null.</param>
    /// <returns>The gene maps for <see cref="ComparativeAnalysis"/>.</returns>
    /// <exception cref="DataFormatException">A table names a species that is not in the cells, no column of a table holds the features, a species has no table (no chain of tables to the reference), or the file has no species column.</exception>
    /// <exception cref="ArgumentException">The reference species is needed but neither given nor recorded in the file, or is not one of its species.</exception>
    public static GeneMaps Resolve(CellMatrix cells, string sourcePath, string speciesKey, string? reference, IReadOnlyList<HomologyTableConfiguration> tables, string? ensembl)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Count == 0)
        {
            return GeneMaps.Read(null, ensembl);
        }

        var species = SpeciesOf(cells, sourcePath, speciesKey);
        var features = new HashSet<string>(cells.GeneNames, StringComparer.Ordinal);
        var read = tables.Select(table => (table.Path, table.Species, Table: OrthologTableReader.Read(table.Path))).ToList();
        if (species.Count == 2 && read.Count == 1 && read[0].Species is null && read[0].Table.Kind != OrthologTableKind.MultiSpecies)
        {
            var pairs = read[0].Table.Pairs;
            if (!pairs.Pairs.Any(pair => features.Contains(pair.GeneA) || features.Contains(pair.GeneB)))
            {
                throw new DataFormatException(read[0].Path, string.Empty,
                    $"no gene of the table is a shared feature of {sourcePath} (the genes of the reference species, one of {string.Join(", ", species)})");
            }

            return new GeneMaps(pairs, read[0].Path, ensembl is null ? null : OrthologTableReader.Read(ensembl).Pairs);
        }

        var resolved = ReferenceOf(cells, sourcePath, species, reference);
        var links = read.SelectMany(table => LinksOf(table.Path, table.Species, table.Table, resolved, species, features, sourcePath)).ToList();
        var homology = SpeciesHomology.FromLinks(resolved, species, links, string.Join(", ", read.Select(table => table.Path)));
        return new GeneMaps(null, string.Join(" + ", read.Select(table => Path.GetFileName(table.Path))))
        {
            ReferenceSpecies = resolved,
            HomologyBySpecies = homology.PairsBySpecies,
            EnsemblBySpecies = ensembl is null
                ? null
                : SpeciesHomology.DirectPairsOf(resolved, species, [.. LinksOf(ensembl, null, OrthologTableReader.Read(ensembl), resolved, species, features, sourcePath)]),
        };
    }

    /// <summary>The species of the cells, in the order they first appear.</summary>
    private static List<string> SpeciesOf(CellMatrix cells, string sourcePath, string speciesKey)
    {
        if (!cells.Obs.TryGetColumn(speciesKey, out var column))
        {
            throw new DataFormatException(sourcePath, $"obs '{speciesKey}'", "no such column: the homology tables are resolved against the species of the cells");
        }

        return [.. Enumerable.Range(0, cells.CellCount).Select(column.FormatValue).Where(name => name.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The given reference, else the one the file records; it must be one of the cells' species.</summary>
    private static string ReferenceOf(CellMatrix cells, string sourcePath, List<string> species, string? reference)
    {
        var recorded = cells.Uns.TryGetValue(OutputKeys.UnsPllm, out var pllm) && pllm is Dictionary<string, object> dictionary
            && dictionary.TryGetValue(OutputKeys.UnsReferenceSpecies, out var value) && value is string name && name.Length > 0 ? name : null;
        var chosen = reference ?? recorded
            ?? throw new ArgumentException(
                $"{sourcePath} does not record the reference species of its fit (uns pllm/reference_species): give --reference <species>, "
                + $"the species whose genes name its features (one of {string.Join(", ", species)})", nameof(reference));
        return species.Contains(chosen)
            ? chosen
            : throw new ArgumentException($"the reference species '{chosen}' is not among the species of {sourcePath} ({string.Join(", ", species)})", nameof(reference));
    }

    private static IEnumerable<SpeciesLink> LinksOf(
        string path, string? declared, OrthologTable table, string reference, List<string> species, HashSet<string> features, string sourcePath)
    {
        var among = $"the species of {sourcePath} ({string.Join(", ", species)})";
        if (declared is not null && !species.Contains(declared))
        {
            throw new DataFormatException(path, string.Empty, $"the table is given for species '{declared}', which is not among {among}");
        }

        var (headers, columnGenes) = SpeciesHomology.Columns(table);
        var assigned = new string?[headers.Count];
        for (var column = 0; column < headers.Count; column++)
        {
            assigned[column] = SpeciesNames.OfHeader(headers[column], species, out var unknown);
            if (unknown is not null)
            {
                throw new DataFormatException(path, $"column '{headers[column]}'", $"the table names species '{unknown}', which is not among {among}; use a table without it");
            }
        }

        var hits = columnGenes.Select(genes => genes.Count(features.Contains)).ToArray();
        List<int> Open() => [.. Enumerable.Range(0, headers.Count).Where(column => assigned[column] is null)];
        if (declared is not null && !assigned.Contains(declared))
        {
            var open = Open();
            if (open.Count == 0)
            {
                throw new DataFormatException(path, string.Empty, $"the table is given for species '{declared}', but its columns name other species ({string.Join(", ", headers)})");
            }

            // The features are the reference's genes: the declared species' column is the one holding the fewest of them.
            assigned[declared == reference ? open.MaxBy(column => hits[column]) : open.OrderBy(column => hits[column]).ThenByDescending(column => column).First()] = declared;
        }

        if (!assigned.Contains(reference) && Open() is { Count: > 0 } candidates && hits[candidates.MaxBy(column => hits[column])] > 0)
        {
            assigned[candidates.MaxBy(column => hits[column])] = reference;
        }

        foreach (var column in Open())
        {
            var left = species.Where(name => !assigned.Contains(name)).ToList();
            if (left.Count != 1)
            {
                throw new DataFormatException(path, $"column '{headers[column]}'", !assigned.Contains(reference)
                    ? $"no column of the table holds a shared feature of {sourcePath} (the genes of the reference species '{reference}'), and its header names no species; "
                        + $"give a table with {reference} genes or name the species: --homology <species>=<table>"
                    : $"the column's header names none of {among}, and the shared features tell only the reference '{reference}'; name it: --homology <species>=<table>");
            }

            assigned[column] = left[0];
        }

        for (var column = 0; column < headers.Count; column++)
        {
            var name = assigned[column]!;
            if (name == reference && hits[column] == 0)
            {
                throw new DataFormatException(path, $"column '{headers[column]}'",
                    $"species '{name}': no gene of the column is a shared feature of {sourcePath} (the features are the genes of the reference species '{reference}')");
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
                yield return new SpeciesLink(assigned[a]!, assigned[b]!, SpeciesHomology.PairsOf(table, a, b), path);
            }
        }
    }
}
