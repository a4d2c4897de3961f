namespace PllmML.Data;

/// <summary>A true/false column (e.g. scanpy's <c>highly_variable</c> in <c>var</c>).</summary>
public sealed class BooleanColumn : AnnotationColumn
{
    /// <summary>Wraps the values; the array is taken over.</summary>
    /// <param name="values">One value per row.</param>
    public BooleanColumn(bool[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Values = values;
    }

    /// <summary>The values.</summary>
    public bool[] Values { get; }

    /// <inheritdoc />
    public override int Length => Values.Length;

    /// <inheritdoc />
    public override string FormatValue(int row) => Values[row] ? "True" : "False";

    /// <inheritdoc />
    public override AnnotationColumn SelectRows(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new BooleanColumn(rows.Select(r => Values[r]).ToArray());
    }
}
