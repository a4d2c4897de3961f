namespace PllmML.Pipeline.Configuration;

/// <summary>The <c>esm</c> section: the protein language model.</summary>
public sealed class EsmConfiguration
{
    /// <summary>A checkpoint path or a published name such as esm2_t33_650M_UR50D.</summary>
    public string Model { get; set; } = "esm2_t33_650M_UR50D";

    /// <summary>The representation layer (-1 = the last).</summary>
    public int Layer { get; set; } = -1;

    /// <summary>Token budget per batch.</summary>
    public int MaxTokens { get; set; } = 4096;

    /// <summary>CPU threads (null: libtorch's choice).</summary>
    public int? Threads { get; set; }

    /// <summary>Whether the checkpoint has random weights (the report says so).</summary>
    public bool RandomWeights { get; set; }
}
