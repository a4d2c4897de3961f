namespace PllmML.Data.TenX;

/// <summary>What <see cref="TenXReader.ReadWithReport"/> returns: the data and a report on how it was read.</summary>
/// <param name="Data">The cells × genes data.</param>
/// <param name="Report">Which files were read and what was repaired.</param>
public sealed record TenXReadResult(CellMatrix Data, TenXReadReport Report);
