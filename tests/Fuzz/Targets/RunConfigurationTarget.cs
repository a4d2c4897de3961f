using PllmML.Pipeline.Configuration;

namespace PllmML.Fuzz.Tests.Targets;

/// <summary><c>pllm run</c> configs read by <see cref="RunConfiguration.Read"/>: the bundled <c>configs/demo.json</c>
/// with its relative paths made absolute (the fuzzed copy lives elsewhere).</summary>
public sealed class RunConfigurationTarget : FuzzTarget
{
    private static readonly Lazy<byte[][]> SeedFiles = new(() =>
    [
        System.Text.Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "configs", "demo.json"))
            .Replace("\"../", "\"" + TestPaths.RepositoryRoot + "/", StringComparison.Ordinal)),
    ]);

    /// <inheritdoc />
    public override string Name => "run-config";

    /// <inheritdoc />
    public override string Extension => ".json";

    /// <inheritdoc />
    public override bool IsText => true;

    /// <inheritdoc />
    public override IReadOnlyList<byte[]> Seeds() => SeedFiles.Value;

    /// <inheritdoc />
    public override string Read(string path) => new FuzzDigest().Add(RunConfiguration.Read(path).ToJson()).ToString();
}
