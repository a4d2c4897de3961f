namespace PllmML.Esm.Onnx;

/// <summary>What <see cref="EsmOnnxExport.Export"/> wrote.</summary>
/// <param name="ModelPath">The <c>.onnx</c> file.</param>
/// <param name="ExternalDataPath">The weights file beside it (<c>&lt;file&gt;.data</c>), or null when they are inline.</param>
/// <param name="Architecture">The exported network's shape.</param>
/// <param name="SourceIdentity">The checkpoint's identity, also stored in the model's metadata (<c>pllm.source_identity</c>).</param>
public sealed record EsmOnnxExportSummary(string ModelPath, string? ExternalDataPath, EsmArchitecture Architecture, string SourceIdentity);
