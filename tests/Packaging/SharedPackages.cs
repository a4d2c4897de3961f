namespace PllmML.Packaging.Tests;

/// <summary>All packaging tests share one pack of the solution.</summary>
[CollectionDefinition(Name)]
public sealed class SharedPackages : ICollectionFixture<PackageFolder>
{
    public const string Name = "Packages";
}
