using Microsoft.ML;
using Microsoft.ML.Data;

namespace PllmML.Transforms.SingleCell;

/// <summary>Reads whole columns out of an <see cref="IDataView"/> for fitting.</summary>
public static class DataViewColumns
{
    /// <summary>The values of a text column.</summary>
    /// <param name="data">The data.</param>
    /// <param name="column">The column name.</param>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing.</exception>
    public static string[] ReadText(IDataView data, string column)
    {
        ArgumentNullException.ThrowIfNull(data);
        var schemaColumn = Require(data.Schema, column);
        var values = new List<string>();
        using var cursor = data.GetRowCursor([schemaColumn]);
        var getter = cursor.GetGetter<ReadOnlyMemory<char>>(schemaColumn);
        ReadOnlyMemory<char> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
            values.Add(value.ToString());
        }

        return [.. values];
    }

    /// <summary>The rows of a vector column, each densified.</summary>
    /// <param name="data">The data.</param>
    /// <param name="column">The column name.</param>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing.</exception>
    public static List<float[]> ReadVectors(IDataView data, string column)
    {
        ArgumentNullException.ThrowIfNull(data);
        var schemaColumn = Require(data.Schema, column);
        var rows = new List<float[]>();
        using var cursor = data.GetRowCursor([schemaColumn]);
        var getter = cursor.GetGetter<VBuffer<float>>(schemaColumn);
        VBuffer<float> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
            rows.Add(value.DenseValues().ToArray());
        }

        return rows;
    }

    /// <summary>The rows of a vector column as one row-major matrix; all rows must have the same length.</summary>
    /// <param name="data">The data.</param>
    /// <param name="column">The column name.</param>
    public static (float[] Values, int Rows, int Columns) ReadMatrix(IDataView data, string column)
    {
        var rows = ReadVectors(data, column);
        var width = rows.Count == 0 ? 0 : rows[0].Length;
        var values = new float[rows.Count * width];
        for (var row = 0; row < rows.Count; row++)
        {
            if (rows[row].Length != width)
            {
                throw new InvalidOperationException($"Column '{column}' row {row} has {rows[row].Length} values, row 0 has {width}.");
            }

            rows[row].CopyTo(values, row * width);
        }

        return (values, rows.Count, width);
    }

    /// <summary>Checks that a column exists.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="column">The column name.</param>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing.</exception>
    public static DataViewSchema.Column Require(DataViewSchema schema, string column)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return schema.GetColumnOrNull(column)
            ?? throw new ArgumentOutOfRangeException(nameof(schema), $"The input has no column '{column}' (it has: {string.Join(", ", schema.Select(c => c.Name))}).");
    }

    /// <summary>Checks that a column exists in a schema shape.</summary>
    /// <param name="shape">The schema shape.</param>
    /// <param name="column">The column name.</param>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing.</exception>
    public static void Require(SchemaShape shape, string column)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (!shape.Any(c => c.Name == column))
        {
            throw new ArgumentOutOfRangeException(nameof(shape), $"The input has no column '{column}'.");
        }
    }
}
