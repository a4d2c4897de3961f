namespace PllmML.Data;

/// <summary>
/// Receives a sparse matrix row by row: entries of a row in increasing column order, then <see cref="EndRow"/>. An
/// in-memory <see cref="CsrBuilder"/> or a <see cref="CsrRowSpool"/> on disk, so one producer serves both.
/// </summary>
public interface ICsrRowSink
{
    /// <summary>Adds an entry to the current row.</summary>
    /// <param name="column">Its column; greater than the previous column of this row.</param>
    /// <param name="value">Its value.</param>
    void Add(int column, float value);

    /// <summary>Closes the current row and starts the next.</summary>
    void EndRow();

    /// <summary>Adds a whole row (<see cref="Add"/> for each entry, then <see cref="EndRow"/>).</summary>
    /// <param name="columns">Its columns, increasing.</param>
    /// <param name="values">Its values, one per column.</param>
    void AddRow(ReadOnlySpan<int> columns, ReadOnlySpan<float> values)
    {
        if (columns.Length != values.Length)
        {
            throw new ArgumentException($"A row has {columns.Length} columns but {values.Length} values.", nameof(values));
        }

        for (var k = 0; k < columns.Length; k++)
        {
            Add(columns[k], values[k]);
        }

        EndRow();
    }
}
