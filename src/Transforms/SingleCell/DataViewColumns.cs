using System.Buffers;
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
    /// <remarks>
    /// Counts the rows first (a cursor with no active column computes nothing upstream) and then fills one array, so
    /// the matrix is the only copy of the column held in memory.
    /// </remarks>
    public static (float[] Values, int Rows, int Columns) ReadMatrix(IDataView data, string column)
    {
        ArgumentNullException.ThrowIfNull(data);
        var schemaColumn = Require(data.Schema, column);
        var rows = CountRows(data);
        float[] values = [];
        var width = 0;
        var row = 0;
        ForEachRow(data, schemaColumn, (in VBuffer<float> value) =>
        {
            if (row == 0)
            {
                width = value.Length;
                values = new float[checked(rows * width)];
            }
            else if (value.Length != width)
            {
                throw new InvalidOperationException($"Column '{column}' row {row} has {value.Length} values, row 0 has {width}.");
            }

            value.CopyTo(values.AsSpan(row * width, width));
            row++;
        });

        return (values, rows, width);
    }

    /// <summary>
    /// Calls an action with each row of a vector column densified (one reused buffer), in order, with the row's index,
    /// without keeping the rows; all rows must have the same length. Memory: one row.
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="column">The column name.</param>
    /// <param name="action">Called with each row's values (valid only during the call) and its index.</param>
    /// <returns>The number of rows and their length (0 when there are no rows).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The column is missing.</exception>
    /// <exception cref="InvalidOperationException">A row's length differs from the first row's.</exception>
    public static (long Rows, int Columns) ForEachDenseRow(IDataView data, string column, ReadOnlySpanAction<float, long> action)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(action);
        var schemaColumn = Require(data.Schema, column);
        var dense = Array.Empty<float>();
        var row = 0L;
        ForEachRow(data, schemaColumn, (in VBuffer<float> value) =>
        {
            if (row == 0)
            {
                dense = new float[value.Length];
            }
            else if (value.Length != dense.Length)
            {
                throw new InvalidOperationException($"Column '{column}' row {row} has {value.Length} values, row 0 has {dense.Length}.");
            }

            value.CopyTo(dense);
            action(dense, row);
            row++;
        });

        return (row, dense.Length);
    }

    /// <summary>Calls an action with each row of a vector column, in order, without keeping the rows.</summary>
    /// <param name="data">The data.</param>
    /// <param name="column">The column.</param>
    /// <param name="action">Called with each row's vector (valid only during the call).</param>
    public static void ForEachRow(IDataView data, DataViewSchema.Column column, RowAction action)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(action);
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
            action(value);
        }
    }

    /// <summary>The number of rows, counted with no active column when the view does not know it.</summary>
    /// <param name="data">The data.</param>
    public static int CountRows(IDataView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.GetRowCount() is { } known)
        {
            return checked((int)known);
        }

        var rows = 0;
        using var cursor = data.GetRowCursor([]);
        while (cursor.MoveNext())
        {
            rows++;
        }

        return rows;
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
