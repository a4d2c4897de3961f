using System.CommandLine;

namespace PllmML.Cli.Commands;

/// <summary>Options that several verbs share, defined once so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<bool> MakeUnique() => new("--make-unique")
    {
        Description = "Rename repeated cell or gene names (anndata's make-unique: later copies get -1, -2, …) "
            + "instead of stopping with an error. 10x gene symbols are always made unique, as scanpy does.",
    };

    public static Option<string?> SpeciesNames() => new("--names")
    {
        Description = "The two species as the output header names them, e.g. human,mice (header "
            + "'human gene name,mice gene name'); default: the input file names up to the first '.' or '_'.",
    };

    /// <summary>Splits <c>--names a,b</c>, or derives the names from the two input file names.</summary>
    public static (string A, string B) ParseSpeciesNames(string? names, string fileA, string fileB)
    {
        if (names is null)
        {
            return (Stem(fileA), Stem(fileB));
        }

        var parts = names.Split(',', StringSplitOptions.TrimEntries);
        return parts.Length == 2 && parts.All(part => part.Length > 0)
            ? (parts[0], parts[1])
            : throw new UsageException($"--names takes two species separated by a comma (human,mice), not '{names}'.");
    }

    private static string Stem(string path)
    {
        var name = Path.GetFileName(path);
        var end = name.IndexOfAny(['.', '_']);
        return end > 0 ? name[..end] : name;
    }
}
