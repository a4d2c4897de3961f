namespace PllmML.Esm.Models;

/// <summary>One downloaded and verified file.</summary>
/// <param name="Path">Where it lies.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Sha256">Its SHA-256 (lower-case hex).</param>
/// <param name="Verified">What it was checked against: "size", "size+sha256 (server)", "size+sha256 (given)".</param>
public sealed record FetchedFile(string Path, long Bytes, string Sha256, string Verified);
