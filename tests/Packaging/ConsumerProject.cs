namespace PllmML.Packaging.Tests;

/// <summary>
/// A fresh project outside the repository that references PllmML packages by version from the packed folder, the way
/// a .NET developer's project does. PllmML packages restore into a private folder, so a stale copy of the same version
/// in the machine's NuGet cache can never stand in for the packages under test; other packages come from that cache.
/// </summary>
internal sealed class ConsumerProject
{
    private ConsumerProject(string folder) => Folder = folder;

    public string Folder { get; }

    public static ConsumerProject Create(string packages, IEnumerable<string> sources, params string[] packageIds)
    {
        var folder = Path.Combine(TestPaths.NewTempFolder(), "consumer");
        Directory.CreateDirectory(folder);
        foreach (var source in sources)
        {
            File.Copy(source, Path.Combine(folder, Path.GetFileName(source)));
        }

        var references = string.Join("\n", packageIds.Select(id => $"    <PackageReference Include=\"{id}\" Version=\"{PackageFolder.Version}\" />"));
        File.WriteAllText(Path.Combine(folder, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
            {references}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(folder, ".packages")}" />
              </config>
              <packageSources>
                <add key="pllm-packages" value="{packages}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine" value="{MachinePackageCache()}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        return new ConsumerProject(folder);
    }

    public ProcessResult Build() =>
        DotnetCommand.Run("dotnet", Folder, TimeSpan.FromMinutes(10), "build", "-c", "Release", "-o", "bin");

    public ProcessResult Run(params string[] arguments) =>
        DotnetCommand.Run("dotnet", Folder, TimeSpan.FromMinutes(5), [Path.Combine(Folder, "bin", "Consumer.dll"), .. arguments]);

    public bool HasOutputFile(string name) => File.Exists(Path.Combine(Folder, "bin", name))
        || Directory.GetFiles(Path.Combine(Folder, "bin"), name, SearchOption.AllDirectories).Length > 0;

    private static string MachinePackageCache() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
