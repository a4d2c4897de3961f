using PllmML.Data.Orthologs;

namespace PllmML.Homology.Tests;

/// <summary>The original project's ortholog tables in ../shared/data/orthologs.</summary>
internal static class SeedFiles
{
    public static string Path(params string[] parts) => TestPaths.Shared(["orthologs", .. parts]);

    public static BiomartTable Biomart(string pair) => BiomartTableReader.Read(Path("ENS_M2M", $"{pair}_ENS_M2M.txt"));

    public static GenePairTable Pairs(params string[] parts) => GenePairTableReader.Read(Path(parts));

    public static HashSet<(string, string)> PairSet(GenePairTable table) =>
        table.Pairs.Select(pair => (pair.GeneA, pair.GeneB)).ToHashSet();

    public static (string A, string B) Species(string pair) => pair switch
    {
        "human_mice" => ("human", "mice"),
        "human_pig" => ("human", "pig"),
        _ => ("mice", "pig"),
    };

    public static string WriteToString(GenePairTable table)
    {
        using var writer = new StringWriter();
        GenePairTableWriter.Write(table, writer);
        return writer.ToString();
    }

    public static string WriteToString(MultiSpeciesGeneTable table)
    {
        using var writer = new StringWriter();
        MultiSpeciesGeneTableWriter.Write(table, writer);
        return writer.ToString();
    }
}
