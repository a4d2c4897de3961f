namespace PllmML.Pipeline.Configuration;

/// <summary>The <c>evaluation</c> section.</summary>
public sealed class EvaluationConfiguration
{
    /// <summary>The obs column of the integrated cells that holds every input's labels (read from each input's labelKey).</summary>
    public string LabelKey { get; set; } = "cell_type";

    /// <summary>Whether the report draws UMAP pictures.</summary>
    public bool Pictures { get; set; } = true;
}
