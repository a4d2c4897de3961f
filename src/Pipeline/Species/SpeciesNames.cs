namespace PllmML.Pipeline.Species;

/// <summary>
/// Species names as ortholog-table headers spell them: <c>mice gene name</c>, <c>Mouse gene name</c>, <c>hs_Symbol</c>,
/// <c>pig gene name</c>. A header names a species when, stripped of its gene-column words, it is a known name or an
/// alias of one, or equals an input's species name.
/// </summary>
internal static class SpeciesNames
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["human"] = "human", ["hs"] = "human", ["homo sapiens"] = "human", ["homo_sapiens"] = "human", ["hsapiens"] = "human",
        ["mouse"] = "mouse", ["mice"] = "mouse", ["mm"] = "mouse", ["mus musculus"] = "mouse", ["mus_musculus"] = "mouse", ["mmusculus"] = "mouse",
        ["pig"] = "pig", ["ss"] = "pig", ["sus scrofa"] = "pig", ["sus_scrofa"] = "pig", ["sscrofa"] = "pig",
        ["rat"] = "rat", ["rn"] = "rat", ["rattus norvegicus"] = "rat",
        ["zebrafish"] = "zebrafish", ["dr"] = "zebrafish", ["danio rerio"] = "zebrafish",
        ["macaque"] = "macaque", ["mmul"] = "macaque", ["macaca mulatta"] = "macaque",
        ["chicken"] = "chicken", ["gg"] = "chicken", ["gallus gallus"] = "chicken",
        ["frog"] = "frog", ["xenopus"] = "frog", ["xenopus tropicalis"] = "frog",
        ["lemur"] = "lemur", ["mouse lemur"] = "lemur",
    };

    private static readonly string[] Suffixes = [" gene name", " gene symbol", " gene", "_gene_name", "_gene", "_symbol", " symbol", "_id", " name"];

    /// <summary>The canonical form of a species name (its alias target, else the lower-cased name).</summary>
    public static string Canonical(string name)
    {
        var trimmed = name.Trim();
        return Aliases.TryGetValue(trimmed, out var canonical) ? canonical : trimmed.ToLowerInvariant();
    }

    /// <summary>
    /// The species a column header names, as the matching input's own species name, or null when the header names
    /// none; <paramref name="unknown"/> is set when the header names a known species that is not an input.
    /// </summary>
    public static string? OfHeader(string header, IReadOnlyList<string> inputSpecies, out string? unknown)
    {
        unknown = null;
        var token = header.Trim();
        foreach (var suffix in Suffixes)
        {
            if (token.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                token = token[..^suffix.Length].Trim();
                break;
            }
        }

        if (token.Length == 0)
        {
            return null;
        }

        var canonical = Canonical(token);
        var match = inputSpecies.FirstOrDefault(species => Canonical(species) == canonical);
        if (match is null && Aliases.ContainsKey(token))
        {
            unknown = canonical;
        }

        return match;
    }
}
