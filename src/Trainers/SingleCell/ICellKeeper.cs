namespace PllmML.Trainers.SingleCell;

/// <summary>
/// What the per-cell loop of <see cref="SingleCellModel"/> keeps of each cell beyond its predictions. Blocks of cells run
/// on several threads, one thread per block: <see cref="Keep"/> must be safe for cells of different blocks at once, and
/// <see cref="BlockDone"/> follows the last <see cref="Keep"/> of its block on the same thread.
/// </summary>
/// <typeparam name="TOutput">The engine's output class.</typeparam>
internal interface ICellKeeper<in TOutput>
{
    /// <summary>Keeps what the cell's output carries (the output object is reused for the next cell).</summary>
    /// <param name="cell">The cell's index in the batch.</param>
    /// <param name="output">The cell's output.</param>
    void Keep(int cell, TOutput output);

    /// <summary>Called once a block's cells are all kept.</summary>
    /// <param name="start">The block's first cell.</param>
    /// <param name="count">Its cells.</param>
    void BlockDone(int start, int count);
}
