using System.Text.Json;
using System.Text.Json.Serialization;
using PllmML.Data;

namespace PllmML.Cli.Commands;

/// <summary>
/// The <c>pllm fit --config</c> file (JSON; schema in <c>configs/README.md</c>). Relative paths are relative to the
/// config file's folder.
/// </summary>
internal sealed class FitConfig
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter() },
    };

    public List<InputConfig> Inputs { get; set; } = [];

    public HomologyConfig Homology { get; set; } = new();

    public List<string>? TrainSpecies { get; set; }

    public List<string>? KeepLabels { get; set; }

    public NormalizationConfig Normalization { get; set; } = new();

    public VariableGenesConfig VariableGenes { get; set; } = new();

    public ScalingConfig Scaling { get; set; } = new();

    public PcaConfig Pca { get; set; } = new();

    public HarmonyConfig Harmony { get; set; } = new();

    public double MinimumGeneOverlap { get; set; } = Trainers.SingleCell.SingleCellPipelineOptions.DefaultMinimumGeneOverlap;

    public int Seed { get; set; }

    public static FitConfig Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"The config file {path} does not exist.");
        }

        FitConfig config;
        try
        {
            config = JsonSerializer.Deserialize<FitConfig>(File.ReadAllText(path), Json) ?? new FitConfig();
        }
        catch (JsonException exception)
        {
            throw new DataFormatException(path, exception.Path ?? string.Empty, exception.Message);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (var input in config.Inputs)
        {
            input.Path = Path.GetFullPath(Path.Combine(folder, input.Path));
        }

        config.Homology.Path = Path.GetFullPath(Path.Combine(folder, config.Homology.Path));
        return config;
    }

    internal sealed class InputConfig
    {
        public string Path { get; set; } = string.Empty;

        public string Species { get; set; } = string.Empty;

        public string? LabelKey { get; set; }

        public string? DonorKey { get; set; }
    }

    internal sealed class HomologyConfig
    {
        public string Path { get; set; } = string.Empty;

        public Transforms.SingleCell.HomologyStrategy Strategy { get; set; } = Transforms.SingleCell.HomologyStrategy.OneToOne;

        public string? ReferenceSpecies { get; set; }
    }

    internal sealed class NormalizationConfig
    {
        public float TargetSum { get; set; } = Transforms.SingleCell.LogNormalization.DefaultTargetSum;
    }

    internal sealed class VariableGenesConfig
    {
        public int TopGenes { get; set; } = Transforms.SingleCell.SeuratV3VariableGenes.DefaultTopGenes;
    }

    internal sealed class ScalingConfig
    {
        public float MaxValue { get; set; } = Transforms.SingleCell.GeneScaling.DefaultMaxValue;
    }

    internal sealed class PcaConfig
    {
        public int Components { get; set; } = Transforms.SingleCell.PrincipalComponents.DefaultComponents;
    }

    internal sealed class HarmonyConfig
    {
        public double Theta { get; set; } = 2;

        public double Sigma { get; set; } = 0.1;

        public double Lambda { get; set; } = 1;

        public int? Clusters { get; set; }

        public int MaxRounds { get; set; } = 10;

        public int MaxClusterIterations { get; set; } = 20;

        public double BlockSize { get; set; } = 0.05;

        public double EpsilonCluster { get; set; } = 1e-3;

        public double EpsilonHarmony { get; set; } = 1e-2;

        public bool DonorCovariate { get; set; }
    }
}
