namespace PllmML.Data;

/// <summary>
/// Thrown when cell or gene names that must be unique repeat. Lists the repeated names; the caller can choose
/// <see cref="AnnotationTable.MakeNamesUnique"/> instead, as anndata's <c>obs_names_make_unique</c> does.
/// </summary>
public sealed class DuplicateNamesException : DataFormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file that was read.</param>
    /// <param name="location">Which names: e.g. <c>/obs/_index</c> or <c>barcodes.tsv.gz</c>.</param>
    /// <param name="duplicates">Each repeated name with how often it occurs.</param>
    public DuplicateNamesException(string filePath, string location, IReadOnlyDictionary<string, int> duplicates)
        : base(filePath, location, Describe(duplicates))
    {
        Duplicates = duplicates;
    }

    /// <summary>Each repeated name with the number of times it occurs.</summary>
    public IReadOnlyDictionary<string, int> Duplicates { get; }

    private static string Describe(IReadOnlyDictionary<string, int> duplicates)
    {
        var examples = string.Join(", ", duplicates.Take(5).Select(d => $"'{d.Key}' ×{d.Value}"));
        var more = duplicates.Count > 5 ? $" and {duplicates.Count - 5} more" : string.Empty;
        return $"{duplicates.Count} names are not unique ({examples}{more}); names must be unique, or ask for them "
            + "to be made unique (anndata's make-unique: later copies get '-1', '-2', …)";
    }
}
