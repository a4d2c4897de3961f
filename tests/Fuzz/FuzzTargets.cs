using PllmML.Fuzz.Tests.Targets;

namespace PllmML.Fuzz.Tests;

/// <summary>Every format under fuzzing, by name.</summary>
public static class FuzzTargets
{
    /// <summary>All targets.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new TorchCheckpointTarget(),
        new SafetensorsCheckpointTarget(),
        new EmbeddingFileTarget(".tsv"),
        new EmbeddingFileTarget(".safetensors"),
        new EmbeddingFileTarget(".parquet"),
        new EmbeddingFileTarget(".pt"),
        new H5adTarget(),
        new H5adBackedTarget(),
        new ModelZipTarget(),
        new OrthologTableTarget(),
        new ProteinFastaTarget(),
        new TenXFolderTarget(TenXFolderTarget.MatrixFile),
        new TenXFolderTarget(TenXFolderTarget.FeaturesFile),
        new CellRangerH5Target(),
        new CellRangerH5BackedTarget(),
        new RunConfigurationTarget(),
        new EmbeddingStoreTarget(),
        new EmbeddingStoreEmbedTarget(),
        new OnnxModelTarget(),
    ];

    /// <summary>The target of a name.</summary>
    /// <param name="name">The name.</param>
    public static FuzzTarget Named(string name) => All.Single(target => target.Name == name);

    /// <summary>The names, for xUnit theories.</summary>
    public static TheoryData<string> Names => [.. All.Select(target => target.Name)];
}
