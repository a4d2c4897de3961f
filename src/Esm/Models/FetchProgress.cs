namespace PllmML.Esm.Models;

/// <summary>Download progress of one file.</summary>
/// <param name="File">The file name.</param>
/// <param name="BytesDone">Bytes received.</param>
/// <param name="BytesTotal">Bytes expected (Content-Length), or null when the server does not say.</param>
/// <param name="Elapsed">Time since this file's download started.</param>
public sealed record FetchProgress(string File, long BytesDone, long? BytesTotal, TimeSpan Elapsed);
