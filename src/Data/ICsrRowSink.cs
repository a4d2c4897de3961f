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
}
