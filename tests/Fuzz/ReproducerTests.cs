namespace PllmML.Fuzz.Tests;

/// <summary>
/// Inputs the fuzzer once found failing, kept as regular tests: each file under Reproducers/&lt;target&gt;/ must now be
/// read or rejected with a typed error naming the file.
/// </summary>
public sealed class ReproducerTests
{
    private static readonly string Folder = Path.Combine(TestPaths.RepositoryRoot, "tests", "Fuzz", "Reproducers");

    public static TheoryData<string> Files => [.. Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories)
        .Where(file => !file.EndsWith(".md", StringComparison.Ordinal))
        .Select(file => Path.GetRelativePath(Folder, file)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Files))]
    public void SavedReproducer_IsReadOrRejectedWithATypedError(string file)
    {
        var target = FuzzTargets.Named(file.Split(Path.DirectorySeparatorChar)[0]);
        var copy = Path.Combine(Directory.CreateTempSubdirectory("pllm-repro-").FullName, "input" + target.Extension);
        File.Copy(Path.Combine(Folder, file), copy);

        var (outcome, detail) = FuzzRunner.Classify(target, copy, reference: null, rawCorruption: false);

        Assert.True(!FuzzRunner.IsFailure(outcome), $"{file}: {outcome}: {detail}");
    }

    [Fact]
    public void EveryReproducerFolder_NamesATarget()
    {
        var unknown = Directory.GetDirectories(Folder).Select(Path.GetFileName)
            .Where(name => FuzzTargets.All.All(target => target.Name != name)).ToList();
        Assert.Empty(unknown);
    }
}
