namespace PllmML.Data;

/// <summary>A column of free text, one string per row (<c>null</c> for a missing value).</summary>
public sealed class StringColumn : AnnotationColumn
{
    /// <summary>Wraps the values; the array is taken over.</summary>
    /// <param name="values">One value per row.</param>
    public StringColumn(string?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Values = values;
    }

    /// <summary>The values.</summary>
    public string?[] Values { get; }

    /// <inheritdoc />
    public override int Length => Values.Length;

    /// <inheritdoc />
    public override string FormatValue(int row) => Values[row] ?? string.Empty;

    /// <inheritdoc />
    public override AnnotationColumn SelectRows(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new StringColumn(rows.Select(r => Values[r]).ToArray());
    }
}
