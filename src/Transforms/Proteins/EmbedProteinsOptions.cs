namespace PllmML.Transforms.Proteins;

/// <summary>Options of <see cref="EmbedProteinsEstimator"/>.</summary>
public sealed class EmbedProteinsOptions
{
    /// <summary>The output column: a known-size vector of float32 (the model's width).</summary>
    public string OutputColumnName { get; set; } = EmbedProteinsEstimator.Defaults.OutputColumnName;

    /// <summary>The input column of protein sequences (text); the output name when null.</summary>
    public string? InputColumnName { get; set; }

    /// <summary>The ESM-2 ONNX export (optimum layout: <c>input_ids</c>, <c>attention_mask</c> →
    /// <c>last_hidden_state</c>). Its bytes are stored in the saved model zip (under 2 GB: ESM-2 up to 150M in float32).</summary>
    public string OnnxModelPath { get; set; } = string.Empty;

    /// <summary>GPU for ONNX Runtime (ML.NET's convention); null = CPU.</summary>
    public int? GpuDeviceId { get; set; }

    /// <summary>Fall back to the CPU when the GPU cannot be used.</summary>
    public bool FallbackToCpu { get; set; }
}
