namespace PllmML.Esm.Models;

/// <summary>One of the six published ESM-2 models (fair-esm README, pretrained-models table).</summary>
/// <param name="Name">The name users know, e.g. <c>esm2_t33_650M_UR50D</c>.</param>
/// <param name="Architecture">Layers, width, heads, FFN.</param>
/// <param name="NominalParameters">The size in the name, e.g. "650M".</param>
public sealed record EsmPublishedModel(string Name, EsmArchitecture Architecture, string NominalParameters)
{
    /// <summary>The fair-esm hub file.</summary>
    public Uri FairEsmUrl => new($"https://dl.fbaipublicfiles.com/fair-esm/models/{Name}.pt");

    /// <summary>The Hugging Face repository, <c>facebook/&lt;name&gt;</c>.</summary>
    public string HuggingFaceRepository => "facebook/" + Name;

    /// <summary>The Hugging Face file URL of one file of the repository's main branch.</summary>
    /// <param name="file">For example <c>model.safetensors</c>.</param>
    public Uri HuggingFaceFileUrl(string file) => new($"https://huggingface.co/{HuggingFaceRepository}/resolve/main/{file}");

    /// <summary>Approximate float32 weight size in bytes (4 per parameter).</summary>
    public long ApproximateBytes => Architecture.ParameterCount * 4;
}
