namespace PllmML.Data;

/// <summary>Single-cell data read from a file or folder, with what the reader has to tell about it.</summary>
/// <param name="Data">The data.</param>
/// <param name="Kind">The format it was read from.</param>
/// <param name="Notes">
/// What a user should know: names made unique, elements that were not read, layout details. Nothing is dropped
/// without a note here.
/// </param>
public sealed record SingleCellReadResult(CellMatrix Data, DataFileKind Kind, IReadOnlyList<string> Notes);
