using System.Globalization;

namespace PllmML.Data;

/// <summary>
/// A numeric column (counts per cell, genes per cell, a QC score). Values are held as <see cref="double"/>, which
/// represents every value of the on-disk types exactly except 64-bit integers beyond 2^53;
/// <see cref="StorageType"/> remembers the on-disk type.
/// </summary>
public sealed class NumericColumn : AnnotationColumn
{
    /// <summary>Wraps the values; the array is taken over.</summary>
    /// <param name="values">One value per row (NaN for missing in floating-point columns).</param>
    /// <param name="storageType">The element type to write the column back as.</param>
    public NumericColumn(double[] values, NumericType storageType = NumericType.Float64)
    {
        ArgumentNullException.ThrowIfNull(values);
        Values = values;
        StorageType = storageType;
    }

    /// <summary>The values.</summary>
    public double[] Values { get; }

    /// <summary>The element type on disk.</summary>
    public NumericType StorageType { get; }

    /// <inheritdoc />
    public override int Length => Values.Length;

    /// <inheritdoc />
    public override string FormatValue(int row) =>
        double.IsNaN(Values[row]) ? string.Empty : Values[row].ToString("G9", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override AnnotationColumn SelectRows(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new NumericColumn(rows.Select(r => Values[r]).ToArray(), StorageType);
    }
}
