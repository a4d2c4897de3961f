namespace PllmML.Examples.Tests;

/// <summary>The tests that share one <see cref="GuideWorkspace"/> (built once, used in turn).</summary>
[CollectionDefinition(Name)]
public sealed class SharedGuideWorkspace : ICollectionFixture<GuideWorkspace>
{
    public const string Name = "guide workspace";
}
