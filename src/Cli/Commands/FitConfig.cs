using System.Text.Json;
using System.Text.Json.Serialization;
using PllmML.Data;

namespace PllmML.Cli.Commands;

/// <summary>
/// The <c>pllm fit --config</c> and <c>pllm run</c> file (JSON; schema in <c>configs/README.md</c>). Relative paths are
/// relative to the config file's folder. The sections <c>proteins</c>, <c>esm</c>, <c>mapping</c> and
/// <c>evaluation</c> are read by <c>pllm run</c> only.
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

    public ProteinsConfig? Proteins { get; set; }

    public EsmConfig Esm { get; set; } = new();

    public MappingConfig Mapping { get; set; } = new();

    public EvaluationConfig Evaluation { get; set; } = new();

    internal static JsonSerializerOptions Serializer => Json;

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
            var problem = exception.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "unknown key (the keys are listed in configs/README.md)"
                : exception.Message;
            throw new DataFormatException(path, exception.Path ?? string.Empty, problem);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (var input in config.Inputs)
        {
            input.Path = Path.GetFullPath(Path.Combine(folder, input.Path));
        }

        if (config.Homology.Path.Length > 0)
        {
            config.Homology.Path = Path.GetFullPath(Path.Combine(folder, config.Homology.Path));
        }

        foreach (var fasta in config.Proteins?.Fasta ?? [])
        {
            fasta.Path = Path.GetFullPath(Path.Combine(folder, fasta.Path));
        }

        var model = Path.Combine(folder, config.Esm.Model);
        if (File.Exists(model) || Directory.Exists(model))
        {
            config.Esm.Model = Path.GetFullPath(model);
        }

        return config;
    }

    internal sealed class InputConfig
    {
        public string Path { get; set; } = string.Empty;

        public string Species { get; set; } = string.Empty;

        public string? LabelKey { get; set; }

        public string? DonorKey { get; set; }

        /// <summary>Where the raw counts are: X (default), raw, or a layer name such as counts.</summary>
        public string? Counts { get; set; }
    }

    internal sealed class HomologyConfig
    {
        public string Path { get; set; } = string.Empty;

        public Transforms.SingleCell.HomologyStrategy Strategy { get; set; } = Transforms.SingleCell.HomologyStrategy.OneToOne;

        public string? ReferenceSpecies { get; set; }

        /// <summary><c>table</c>: the ortholog table at <see cref="Path"/>; <c>map</c>: the pairs of <c>pllm run</c>'s map stage.</summary>
        public string Source { get; set; } = "table";
    }

    internal sealed class ProteinsConfig
    {
        public List<FastaConfig> Fasta { get; set; } = [];

        public string Level { get; set; } = "gene";

        public string Pool { get; set; } = "mean";

        public string? FamilyAttribute { get; set; }
    }

    internal sealed class FastaConfig
    {
        public string Path { get; set; } = string.Empty;

        public string Species { get; set; } = string.Empty;
    }

    internal sealed class EsmConfig
    {
        public string Model { get; set; } = "esm2_t33_650M_UR50D";

        public int Layer { get; set; } = -1;

        public int MaxTokens { get; set; } = 4096;

        public int? Threads { get; set; }

        public bool RandomWeights { get; set; }
    }

    internal sealed class MappingConfig
    {
        public string Strategy { get; set; } = "greedy";

        public string Metric { get; set; } = "pearson";

        public int TopK { get; set; } = global::PllmML.Homology.Embeddings.GeneSimilarityOptions.Defaults.TopK;

        public float? MinScore { get; set; }
    }

    internal sealed class EvaluationConfig
    {
        public string LabelKey { get; set; } = "cell_type";

        public bool Pictures { get; set; } = true;
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
        public int Components { get; set; } = Kernels.LinearAlgebra.PrincipalComponents.DefaultComponents;
    }

    /// <summary>The config's harmony section; defaults come from <see cref="Trainers.Integration.HarmonyOptions"/>.</summary>
    internal sealed class HarmonyConfig
    {
        private static readonly Trainers.Integration.HarmonyOptions Defaults = new();

        public double Theta { get; set; } = Defaults.Theta;

        public double Sigma { get; set; } = Defaults.Sigma;

        public double Lambda { get; set; } = Defaults.Lambda;

        public int? Clusters { get; set; } = Defaults.Clusters;

        public int MaxRounds { get; set; } = Defaults.MaxRounds;

        public int MaxClusterIterations { get; set; } = Defaults.MaxClusterIterations;

        public double BlockSize { get; set; } = Defaults.BlockSize;

        public double EpsilonCluster { get; set; } = Defaults.EpsilonCluster;

        public double EpsilonHarmony { get; set; } = Defaults.EpsilonHarmony;

        public bool DonorCovariate { get; set; }
    }
}
