using System.Xml.Linq;

namespace PllmML.Packaging.Tests;

[Collection(SharedPackages.Name)]
public class LibraryPackageTests(PackageFolder packages)
{
    private static readonly string[] TorchPackages = ["TorchSharp", "libtorch-cpu-linux-x64"];

    [Fact]
    public void EveryLibrary_CarriesItsAssemblyXmlDocsAndReadme()
    {
        foreach (var id in PackageFolder.Libraries)
        {
            var path = packages.PathOf(id);
            var nuspec = Nuspec.Read(path);

            Assert.Equal(id, nuspec.Id);
            Assert.Equal(PackageFolder.Version, nuspec.Version);
            Assert.Contains($"lib/net10.0/{id}.dll", nuspec.Entries);
            Assert.Contains("README.md", nuspec.Entries);
            var docs = XDocument.Parse(Nuspec.ReadEntry(path, $"lib/net10.0/{id}.xml"));
            var documentedTypes = docs.Descendants("member").Count(member => ((string)member.Attribute("name")!).StartsWith("T:", StringComparison.Ordinal));
            Assert.True(documentedTypes >= 3, $"{id}: {documentedTypes} documented types");
        }
    }

    /// <summary>
    /// TorchSharp comes with PllmML.Esm and with what is built on it on purpose — PllmML.Pipeline, the whole method,
    /// which embeds proteins — and with PllmML.Deep, which trains scVI, and with nothing else: a service that reads data or annotates cells with a saved model
    /// (Data, Trainers, …) stays free of libtorch.
    /// </summary>
    [Fact]
    public void OnlyTheEsmPackage_AndThePipelineBuiltOnIt_BringTorchSharp()
    {
        string[] withTorch = ["PllmML.Esm", "PllmML.Pipeline", "PllmML.Deep"];
        var specs = PackageFolder.Libraries.ToDictionary(id => id, id => Nuspec.Read(packages.PathOf(id)));

        foreach (var id in PackageFolder.Libraries)
        {
            var closure = Closure(id, specs);
            var torch = TorchPackages.Where(closure.Contains).ToList();
            if (withTorch.Contains(id))
            {
                Assert.Equal(TorchPackages, torch);
            }
            else
            {
                Assert.True(torch.Count == 0, $"{id} pulls {string.Join(", ", torch)} through {string.Join(", ", closure.Where(specs.ContainsKey))}");
            }
        }

        Assert.Contains("PllmML.Esm", Closure("PllmML.Pipeline", specs));
    }

    [Fact]
    public void PllmDependencies_AreTheSameVersion()
    {
        foreach (var id in PackageFolder.Libraries)
        {
            var internalDependencies = Nuspec.Read(packages.PathOf(id)).Dependencies.Where(dependency => dependency.Id.StartsWith("PllmML.", StringComparison.Ordinal));
            Assert.All(internalDependencies, dependency => Assert.Equal(PackageFolder.Version, dependency.Version));
        }
    }

    [Fact]
    public void TorchPackages_PatchLibTorchSharpInTheirConsumersBuilds()
    {
        foreach (var id in new[] { "PllmML.Esm", "PllmML.Deep" })
        {
            var path = packages.PathOf(id);
            var nuspec = Nuspec.Read(path);

            Assert.Contains("buildTransitive/MarkElfVersionNeedWeak.cs", nuspec.Entries);
            var targets = Nuspec.ReadEntry(path, $"buildTransitive/{id}.targets");
            Assert.Contains("GLIBCXX_3.4.32", targets, StringComparison.Ordinal);
            Assert.Contains("$(MSBuildThisFileDirectory)MarkElfVersionNeedWeak.cs", targets, StringComparison.Ordinal);
        }
    }

    /// <summary>Every package id reachable from <paramref name="id"/> through the PllmML packages' dependencies.</summary>
    private static HashSet<string> Closure(string id, Dictionary<string, Nuspec> specs)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>([id]);
        while (pending.TryPop(out var next))
        {
            if (!specs.TryGetValue(next, out var spec))
            {
                continue;
            }

            foreach (var dependency in spec.Dependencies.Where(dependency => seen.Add(dependency.Id)))
            {
                pending.Push(dependency.Id);
            }
        }

        return seen;
    }
}
