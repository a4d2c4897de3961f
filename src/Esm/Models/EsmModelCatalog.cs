using System.Globalization;

namespace PllmML.Esm.Models;

/// <summary>
/// Resolves what a user passes as <c>--model</c>: a checkpoint path, or the name of a published ESM-2 model whose
/// weights lie in the models folder (<c>PLLM_MODELS</c>, else <c>~/.cache/pllm/models</c>) as a Hugging Face folder
/// <c>&lt;name&gt;/</c> or a fair-esm file <c>&lt;name&gt;.pt</c>.
/// </summary>
public static class EsmModelCatalog
{
    /// <summary>The environment variable that overrides the models folder.</summary>
    public const string ModelsFolderVariable = "PLLM_MODELS";

    /// <summary>The six published ESM-2 models.</summary>
    public static IReadOnlyList<EsmPublishedModel> Published { get; } =
    [
        new("esm2_t6_8M_UR50D", new EsmArchitecture(6, 320, 20, 1280), "8M"),
        new("esm2_t12_35M_UR50D", new EsmArchitecture(12, 480, 20, 1920), "35M"),
        new("esm2_t30_150M_UR50D", new EsmArchitecture(30, 640, 20, 2560), "150M"),
        new("esm2_t33_650M_UR50D", new EsmArchitecture(33, 1280, 20, 5120), "650M"),
        new("esm2_t36_3B_UR50D", new EsmArchitecture(36, 2560, 40, 10240), "3B"),
        new("esm2_t48_15B_UR50D", new EsmArchitecture(48, 5120, 40, 20480), "15B"),
    ];

    /// <summary>The models folder: <c>PLLM_MODELS</c>, else <c>~/.cache/pllm/models</c>.</summary>
    public static string DefaultModelsFolder =>
        Environment.GetEnvironmentVariable(ModelsFolderVariable) is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "pllm", "models");

    /// <summary>Finds a published model by name (case-insensitive).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The model, or null.</returns>
    public static EsmPublishedModel? Find(string name) =>
        Published.FirstOrDefault(model => string.Equals(model.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Resolves a path or a published name to a checkpoint path.</summary>
    /// <param name="pathOrName">A folder or file, or a published name.</param>
    /// <param name="modelsFolder">Where named weights live; <see cref="DefaultModelsFolder"/> when null.</param>
    /// <returns>The checkpoint path.</returns>
    /// <exception cref="FileNotFoundException">Nothing at the path and no weights for the name; the message says where
    /// to get them and where to put them.</exception>
    public static string Resolve(string pathOrName, string? modelsFolder = null)
    {
        ArgumentNullException.ThrowIfNull(pathOrName);
        if (Directory.Exists(pathOrName) || File.Exists(pathOrName))
        {
            return pathOrName;
        }

        var folder = modelsFolder ?? DefaultModelsFolder;
        var model = Find(pathOrName) ?? throw new FileNotFoundException(
            $"No checkpoint at '{pathOrName}', and it is not the name of a published ESM-2 model "
            + $"({string.Join(", ", Published.Select(m => m.Name))}).", pathOrName);
        var huggingFace = Path.Combine(folder, model.Name);
        var fairEsm = Path.Combine(folder, model.Name + ".pt");
        if (File.Exists(Path.Combine(huggingFace, "model.safetensors")) || File.Exists(Path.Combine(huggingFace, "pytorch_model.bin")))
        {
            return huggingFace;
        }

        return File.Exists(fairEsm) ? fairEsm : throw new FileNotFoundException(MissingWeightsMessage(model, folder), huggingFace);
    }

    /// <summary>The message for a named model whose weights are not on disk.</summary>
    /// <param name="model">The model.</param>
    /// <param name="folder">The models folder.</param>
    public static string MissingWeightsMessage(EsmPublishedModel model, string folder)
    {
        ArgumentNullException.ThrowIfNull(model);
        var gigabytes = (model.ApproximateBytes / 1e9).ToString("0.0", CultureInfo.InvariantCulture);
        return $"The weights of {model.Name} ({model.NominalParameters} parameters, about {gigabytes} GB in float32) are not on disk. "
            + $"Run 'pllm model fetch {model.Name}', or download the Hugging Face folder {model.HuggingFaceRepository} "
            + $"(config.json and model.safetensors, from https://huggingface.co/{model.HuggingFaceRepository}) into {Path.Combine(folder, model.Name)}, "
            + $"or the fair-esm file {model.FairEsmUrl} into {folder}; "
            + $"set {ModelsFolderVariable} to use another folder, or pass the checkpoint's path to --model.";
    }
}
