namespace PllmML.Evaluation;

/// <summary>
/// A categorical cell annotation as dense codes: each cell's category index and the category names, with only the
/// categories that occur (in the order of first sort by name, as pandas' <c>Categorical</c> orders them).
/// </summary>
public sealed class LabelCodes
{
    /// <summary>Creates the codes from one category name per cell.</summary>
    /// <param name="values">One category per cell; none may be null.</param>
    /// <exception cref="ArgumentException">A value is null.</exception>
    public LabelCodes(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Any(v => v is null))
        {
            throw new ArgumentException("A cell has no category.", nameof(values));
        }

        Names = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var lookup = Names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        Codes = values.Select(v => lookup[v]).ToArray();
        var counts = new int[Names.Count];
        foreach (var code in Codes)
        {
            counts[code]++;
        }

        Counts = counts;
    }

    /// <summary>The category index of each cell.</summary>
    public IReadOnlyList<int> Codes { get; }

    /// <summary>The category names, sorted ordinally.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Cells per category.</summary>
    public IReadOnlyList<int> Counts { get; }

    /// <summary>Number of categories.</summary>
    public int Count => Names.Count;

    /// <summary>Number of cells.</summary>
    public int Length => Codes.Count;

    /// <summary>The codes as an array (a copy).</summary>
    public int[] ToArray() => [.. Codes];
}
