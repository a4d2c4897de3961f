using System.Text.Json.Serialization;

namespace PllmML.Pipeline.Configuration;

/// <summary>The <c>evaluation</c> section.</summary>
public sealed class EvaluationConfiguration
{
    /// <summary>The obs column of the integrated cells that holds every input's labels (read from each input's labelKey).</summary>
    public string LabelKey { get; set; } = "cell_type";

    /// <summary>Whether the report draws UMAP pictures.</summary>
    public bool Pictures { get; set; } = true;

    /// <summary>The devices the evaluation's exact kNN searches may run on: <c>cpu</c> and <c>cuda</c>.</summary>
    public static readonly IReadOnlyList<string> Devices = ["cpu", "cuda"];

    /// <summary>
    /// Where the exact kNN searches of the evaluation run (LISI, graph connectivity, Louvain, kBET, label transfer, UMAP):
    /// <c>cpu</c> (null, the default) or <c>cuda</c> (ILGPU on the first CUDA device, the CPU with a warning when there is
    /// none), as <c>pllm map --device</c>. Both give the same neighbours bit for bit, so the metrics do not change.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Device { get; set; }

    /// <summary>
    /// Integration methods (<c>harmony</c>, <c>scvi</c>, <c>scanvi</c>) to fit on the same cells beside
    /// <c>integration.method</c> and evaluate the same way: <c>metrics.json</c> gets a <c>methods</c> section (one entry
    /// per method) and the report a side-by-side table and figure; the saved model stays <c>integration.method</c>'s (added
    /// first when the list leaves it out). Null (the default): one method, no comparison.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? CompareMethods { get; set; }
}
