using PllmML.Data.Orthologs;

namespace PllmML.Homology.Tables;

/// <summary>
/// The dataset-level table of three or more species, built as the original builds its islet table: pair tables are
/// joined on their shared species' gene (human–mouse with mouse–pig through mouse). Each join is pandas'
/// <c>merge(how="inner", sort=True)</c> after <c>drop_duplicates</c>: rows ordered by the join gene (ordinal, stable),
/// within one gene the left rows in order, each with the right rows in order. Empty gene names never join.
/// </summary>
public static class MultiSpeciesJoin
{
    /// <summary>One input: a pair table and the species of its two gene columns.</summary>
    /// <param name="SpeciesA">The species of the first gene column (<c>human</c>).</param>
    /// <param name="SpeciesB">The species of the second gene column (<c>mice</c>).</param>
    /// <param name="Table">The pairs.</param>
    public sealed record Input(string SpeciesA, string SpeciesB, GenePairTable Table);

    /// <summary>Joins the tables in order; each next table must share exactly one species with the ones before.</summary>
    /// <param name="tables">At least two pair tables.</param>
    /// <returns>Columns <c>&lt;species&gt; gene name</c> in the order the species first appear.</returns>
    /// <exception cref="ArgumentException">Fewer than two tables, or a table shares no (or both) species with the rest.</exception>
    public static MultiSpeciesGeneTable Join(IReadOnlyList<Input> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Count < 2)
        {
            throw new ArgumentException("A multi-species table needs at least two pair tables.", nameof(tables));
        }

        var species = new List<string> { tables[0].SpeciesA, tables[0].SpeciesB };
        var rows = Unique(tables[0].Table).Select(pair => new[] { pair.GeneA, pair.GeneB }).ToList();
        foreach (var input in tables.Skip(1))
        {
            var (keyColumn, newSpecies, flip) = (species.IndexOf(input.SpeciesA), species.IndexOf(input.SpeciesB)) switch
            {
                ( >= 0, < 0) and var (a, _) => (a, input.SpeciesB, false),
                ( < 0, >= 0) and var (_, b) => (b, input.SpeciesA, true),
                _ => throw new ArgumentException(
                    $"The table {input.SpeciesA}–{input.SpeciesB} must share exactly one species with {string.Join(", ", species)}."),
            };
            var right = Unique(input.Table).Select(pair => flip ? (Key: pair.GeneB, Value: pair.GeneA) : (Key: pair.GeneA, Value: pair.GeneB));
            rows = InnerJoinSorted(rows, keyColumn, right.ToList());
            species.Add(newSpecies);
        }

        return new MultiSpeciesGeneTable(species.Select(name => $"{name} gene name").ToArray(), rows);
    }

    private static IEnumerable<GenePair> Unique(GenePairTable table)
    {
        var seen = new HashSet<(string, string)>();
        return table.Pairs.Where(pair => seen.Add((pair.GeneA, pair.GeneB)));
    }

    private static List<string[]> InnerJoinSorted(List<string[]> left, int keyColumn, List<(string Key, string Value)> right)
    {
        var byKey = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, value) in right.Where(entry => entry.Key.Length > 0))
        {
            if (!byKey.TryGetValue(key, out var values))
            {
                byKey[key] = values = [];
            }

            values.Add(value);
        }

        return left
            .Where(row => row[keyColumn].Length > 0 && byKey.ContainsKey(row[keyColumn]))
            .OrderBy(row => row[keyColumn], StringComparer.Ordinal)
            .SelectMany(row => byKey[row[keyColumn]].Select(value => (string[])[.. row, value]))
            .ToList();
    }
}
