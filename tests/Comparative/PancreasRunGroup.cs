namespace PllmML.Comparative.Tests;

/// <summary>The test classes that read the one pancreas run (<see cref="PancreasRun"/>), which xunit builds once for all of them.</summary>
[CollectionDefinition(Name)]
public sealed class PancreasRunGroup : ICollectionFixture<PancreasRun>
{
    public const string Name = "pancreas run";
}
