using System.IO.Compression;
using System.Xml.Linq;

namespace PllmML.Packaging.Tests;

/// <summary>What a .nupkg declares (id, dependencies) and holds (entry names).</summary>
internal sealed record Nuspec(string Id, string Version, IReadOnlyList<(string Id, string Version)> Dependencies, IReadOnlyList<string> Entries)
{
    public static Nuspec Read(string nupkg)
    {
        Assert.True(File.Exists(nupkg), $"{nupkg} was not packed");
        using var archive = ZipFile.OpenRead(nupkg);
        var entries = archive.Entries.Select(entry => entry.FullName).ToList();
        var nuspec = archive.Entries.Single(entry => entry.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var document = XDocument.Load(stream);
        var metadata = document.Root!.Elements().Single(element => element.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().Single(element => element.Name.LocalName == name).Value;
        var dependencies = metadata.Descendants().Where(element => element.Name.LocalName == "dependency")
            .Select(element => ((string)element.Attribute("id")!, (string)element.Attribute("version")!))
            .ToList();
        return new Nuspec(Value("id"), Value("version"), dependencies, entries);
    }

    public static string ReadEntry(string nupkg, string name)
    {
        using var archive = ZipFile.OpenRead(nupkg);
        using var reader = new StreamReader(archive.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }
}
