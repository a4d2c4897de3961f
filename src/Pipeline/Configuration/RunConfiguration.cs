using System.Text.Json;
using System.Text.Json.Serialization;
using PllmML.Deep;
using PllmML.Trainers.Integration;
using PllmML.Trainers.SingleCell;

namespace PllmML.Pipeline.Configuration;

/// <summary>
/// The run configuration of <c>pllm run</c> and <c>pllm fit --config</c> (JSON; keys in <c>configs/README.md</c>).
/// Relative paths are relative to the config file's folder. The sections <see cref="Proteins"/>, <see cref="Esm"/>,
/// <see cref="Mapping"/> and <see cref="Evaluation"/> are read by the whole run only.
/// </summary>
public sealed class RunConfiguration
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly JsonSerializerOptions IndentedJson = new(Json) { WriteIndented = true };

    /// <summary>One entry per species (at least two).</summary>
    public List<InputConfiguration> Inputs { get; set; } = [];

    /// <summary>Which genes are shared across species (an object, or a list of tables for three or more species).</summary>
    [JsonConverter(typeof(HomologySectionConverter))]
    public HomologyConfiguration Homology { get; set; } = new();

    /// <summary>Species whose labels train the classifier (null: every input with labels).</summary>
    public List<string>? TrainSpecies { get; set; }

    /// <summary>Keep only cells with these labels (null: all cells).</summary>
    public List<string>? KeepLabels { get; set; }

    /// <summary>Log-normalisation.</summary>
    public NormalizationConfiguration Normalization { get; set; } = new();

    /// <summary>Seurat v3 variable genes.</summary>
    public VariableGenesConfiguration VariableGenes { get; set; } = new();

    /// <summary>Scaling.</summary>
    public ScalingConfiguration Scaling { get; set; } = new();

    /// <summary>PCA.</summary>
    public PcaConfiguration Pca { get; set; } = new();

    /// <summary>Harmony.</summary>
    public HarmonyConfiguration Harmony { get; set; } = new();

    /// <summary>The integration method (<c>harmony</c>, the default; <c>scvi</c>; <c>scanvi</c>) and the deep methods' options.</summary>
    public IntegrationConfiguration Integration { get; set; } = new();

    /// <summary>The fraction of a species' model genes that a query must hold.</summary>
    public double MinimumGeneOverlap { get; set; } = SingleCellPipelineOptions.DefaultMinimumGeneOverlap;

    /// <summary>
    /// The coverage level the model's prediction sets are calibrated at and its novelty tests run at (stored in the model;
    /// <c>pllm predict --coverage</c> overrides it); 0 fits no calibration.
    /// </summary>
    public double Coverage { get; set; } = SingleCellPipelineOptions.DefaultCoverage;

    /// <summary>The seed of every random choice.</summary>
    public int Seed { get; set; }

    /// <summary>The proteomes of the embed stage (null: no embed and map stages).</summary>
    public ProteinsConfiguration? Proteins { get; set; }

    /// <summary>The protein language model.</summary>
    public EsmConfiguration Esm { get; set; } = new();

    /// <summary>The protein map.</summary>
    public MappingConfiguration Mapping { get; set; } = new();

    /// <summary>The evaluation.</summary>
    public EvaluationConfiguration Evaluation { get; set; } = new();

    /// <summary>Conserved markers and cell-type homology across species (null: no markers stage).</summary>
    public MarkersConfiguration? Markers { get; set; }

    /// <summary>The gene maps that <c>pllm compare-maps</c> fits the same cells with, side by side (null: none; read by compare-maps only).</summary>
    public CompareConfiguration? Compare { get; set; }

    /// <summary>
    /// Reads a config file, resolves its relative paths against the file's folder and validates every field.
    /// </summary>
    /// <param name="path">The JSON file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="RunConfigurationException">A field is missing, of the wrong type or out of range (the message names the file and the field).</exception>
    public static RunConfiguration Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The config file {path} does not exist.", path);
        }

        RunConfiguration? config;
        try
        {
            config = JsonSerializer.Deserialize<RunConfiguration>(File.ReadAllText(path), Json);
        }
        catch (JsonException exception)
        {
            throw new RunConfigurationException(path, FieldOf(exception.Path), Problem(exception), exception);
        }

        if (config is null)
        {
            throw new RunConfigurationException(path, string.Empty, "the file holds null, not a configuration object");
        }

        RunConfigurationValidator.CheckPresent(config, path);
        config.ResolvePaths(Path.GetDirectoryName(Path.GetFullPath(path))!);
        config.Validate(path);
        return config;
    }

    /// <summary>Checks every field; the first problem is thrown with the field's JSON path.</summary>
    /// <param name="source">The config file (or another name for where the values came from), for the message.</param>
    /// <exception cref="RunConfigurationException">A field is missing or out of range.</exception>
    public void Validate(string source) => RunConfigurationValidator.Validate(this, source);

    /// <summary>The configuration as indented JSON (the resolved <c>config.json</c> of a run).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, IndentedJson);

    /// <summary>The fit options of <see cref="SingleCellPipeline.Fit"/> for this configuration.</summary>
    /// <param name="reference">The reference species.</param>
    public SingleCellPipelineOptions ToPipelineOptions(string reference) => new()
    {
        ReferenceSpecies = reference,
        HomologyStrategy = Homology.Strategy,
        HomologySource = Path.GetFileName(Homology.Path),
        TargetSum = Normalization.TargetSum,
        TopGenes = VariableGenes.TopGenes,
        MaxValue = Scaling.MaxValue,
        Components = Pca.Components,
        Harmony = new HarmonyOptions
        {
            Theta = Harmony.Theta,
            Sigma = Harmony.Sigma,
            Lambda = Harmony.Lambda,
            Clusters = Harmony.Clusters,
            MaxRounds = Harmony.MaxRounds,
            MaxClusterIterations = Harmony.MaxClusterIterations,
            BlockSize = Harmony.BlockSize,
            EpsilonCluster = Harmony.EpsilonCluster,
            EpsilonHarmony = Harmony.EpsilonHarmony,
        },
        DonorCovariate = Harmony.DonorCovariate,
        TrainSpecies = TrainSpecies,
        Labels = KeepLabels,
        MinimumGeneOverlap = MinimumGeneOverlap,
        Coverage = Coverage,
        Seed = Seed,
        DeepIntegration = Integration.Method switch
        {
            "scvi" => new ScviIntegrationTrainer(Integration.Scvi.ToOptions(Seed)),
            "scanvi" => new ScanviIntegrationTrainer(Integration.Scvi.ToOptions(Seed), Integration.Scanvi.ToOptions()),
            _ => null,
        },
    };

    /// <summary>
    /// The integration methods a run fits and evaluates side by side, in order: <see cref="EvaluationConfiguration.CompareMethods"/>
    /// with <see cref="IntegrationConfiguration.Method"/> first when the list leaves it out; empty when no comparison is asked for.
    /// </summary>
    public IReadOnlyList<string> ComparedMethods() => Evaluation.CompareMethods is { } methods
        ? (methods.Contains(Integration.Method) ? [.. methods] : [Integration.Method, .. methods])
        : [];

    /// <summary>A copy of this configuration that fits another integration method (the same everything else).</summary>
    /// <param name="method">The method (<see cref="IntegrationConfiguration.Methods"/>).</param>
    public RunConfiguration WithIntegrationMethod(string method)
    {
        var copy = (RunConfiguration)MemberwiseClone();
        copy.Integration = new IntegrationConfiguration { Method = method, Scvi = Integration.Scvi, Scanvi = Integration.Scanvi };
        return copy;
    }

    private void ResolvePaths(string folder)
    {
        foreach (var input in Inputs)
        {
            input.Path = Path.GetFullPath(Path.Combine(folder, input.Path));
        }

        if (Homology.Path.Length > 0)
        {
            Homology.Path = Path.GetFullPath(Path.Combine(folder, Homology.Path));
        }

        foreach (var table in Homology.Tables ?? [])
        {
            table.Path = table.Path.Length > 0 ? Path.GetFullPath(Path.Combine(folder, table.Path)) : table.Path;
        }

        Compare?.ResolvePaths(folder);

        if (Markers?.Ensembl is { Length: > 0 } ensembl)
        {
            Markers.Ensembl = Path.GetFullPath(Path.Combine(folder, ensembl));
        }

        foreach (var fasta in Proteins?.Fasta ?? [])
        {
            fasta.Path = Path.GetFullPath(Path.Combine(folder, fasta.Path));
        }

        var model = Path.Combine(folder, Esm.Model);
        if (File.Exists(model) || Directory.Exists(model))
        {
            Esm.Model = Path.GetFullPath(model);
        }
    }

    /// <summary><c>$.inputs[0].path</c> → <c>inputs[0].path</c>.</summary>
    private static string FieldOf(string? jsonPath) => jsonPath is null ? string.Empty : jsonPath.TrimStart('$').TrimStart('.');

    private static string Problem(JsonException exception)
    {
        var message = exception.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "unknown key (the keys are listed in configs/README.md)";
        }

        if (message.Contains("null values", StringComparison.Ordinal))
        {
            return "null is not allowed here (leave the key out for its default)";
        }

        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = end > 0 ? message[..end] : message;
        return message.Contains("could not be converted", StringComparison.Ordinal) ? $"wrong type of value ({text})" : text;
    }
}
