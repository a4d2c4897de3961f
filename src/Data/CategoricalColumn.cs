namespace PllmML.Data;

/// <summary>
/// A categorical column (pandas <c>Categorical</c>, R factor): integer codes into a list of categories, code -1 for
/// a missing value. Cell types, species and donors are stored this way.
/// </summary>
public sealed class CategoricalColumn : AnnotationColumn
{
    /// <summary>Wraps codes and categories; the arrays are taken over.</summary>
    /// <param name="codes">One code per row: an index into <paramref name="categories"/>, or -1 for missing.</param>
    /// <param name="categories">The distinct category names.</param>
    /// <param name="ordered">Whether the categories have an order (pandas <c>ordered=True</c>).</param>
    /// <exception cref="ArgumentException">A code is out of range, or a category repeats.</exception>
    public CategoricalColumn(int[] codes, string[] categories, bool ordered = false)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(categories);
        var problem = FindProblem(codes, categories);
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }

        Codes = codes;
        Categories = categories;
        Ordered = ordered;
    }

    /// <summary>One code per row; -1 marks a missing value.</summary>
    public int[] Codes { get; }

    /// <summary>The category names.</summary>
    public string[] Categories { get; }

    /// <summary>Whether the categories are ordered.</summary>
    public bool Ordered { get; }

    /// <inheritdoc />
    public override int Length => Codes.Length;

    /// <summary>The category of one row, or <c>null</c> when missing.</summary>
    /// <param name="row">The row.</param>
    public string? this[int row] => Codes[row] < 0 ? null : Categories[Codes[row]];

    /// <summary>Builds a categorical column from values; categories are sorted ordinally, as pandas sorts them.</summary>
    /// <param name="values">One value per row, <c>null</c> for missing.</param>
    public static CategoricalColumn FromValues(IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var categories = values.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .ToArray();
        var lookup = categories.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var codes = values.Select(v => v is null ? -1 : lookup[v]).ToArray();
        return new CategoricalColumn(codes, categories);
    }

    /// <summary>The number of rows in each category, in category order (missing values not counted).</summary>
    public int[] CountPerCategory()
    {
        var counts = new int[Categories.Length];
        foreach (var code in Codes)
        {
            if (code >= 0)
            {
                counts[code]++;
            }
        }

        return counts;
    }

    /// <inheritdoc />
    public override string FormatValue(int row) => this[row] ?? string.Empty;

    /// <inheritdoc />
    public override AnnotationColumn SelectRows(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new CategoricalColumn(rows.Select(r => Codes[r]).ToArray(), Categories, Ordered);
    }

    /// <summary>
    /// Describes the first code out of range or repeated category, or returns <c>null</c> when the column is valid.
    /// Readers use it to report the broken field in their own error.
    /// </summary>
    /// <param name="codes">The codes.</param>
    /// <param name="categories">The categories.</param>
    public static string? FindProblem(IReadOnlyList<int> codes, IReadOnlyList<string> categories)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(categories);
        for (var row = 0; row < codes.Count; row++)
        {
            if (codes[row] < -1 || codes[row] >= categories.Count)
            {
                return $"code {codes[row]} at row {row} is outside -1..{categories.Count - 1} "
                    + $"({categories.Count} categories)";
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var category in categories)
        {
            if (!seen.Add(category))
            {
                return $"category '{category}' appears twice";
            }
        }

        return null;
    }
}
