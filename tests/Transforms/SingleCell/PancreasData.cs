using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Transforms.SingleCell;

namespace PllmML.Transforms.Tests.SingleCell;

/// <summary>The bundled pancreas data (human + mouse) on the bundled CACIMAR ortholog table, loaded once.</summary>
internal static class PancreasData
{
    private static readonly Lazy<(CellMatrix Human, CellMatrix Mouse, GenePairTable Pairs)> Loaded = new(() => (
        DataFiles.ReadCells(TestPaths.Bundled("pancreas", "human.h5ad")).Data,
        DataFiles.ReadCells(TestPaths.Bundled("pancreas", "mouse.h5ad")).Data,
        OrthologTableReader.Read(TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv")).Pairs));

    public static CellMatrix Human => Loaded.Value.Human;

    public static CellMatrix Mouse => Loaded.Value.Mouse;

    public static GenePairTable HumanMousePairs => Loaded.Value.Pairs;

    public static SharedGeneSpace GeneSpace(HomologyStrategy strategy = HomologyStrategy.OneToOne) => SharedGeneSpace.Build(
        "human",
        new Dictionary<string, IReadOnlyList<string>> { ["human"] = Human.GeneNames, ["mouse"] = Mouse.GeneNames },
        new Dictionary<string, GenePairTable> { ["mouse"] = HumanMousePairs },
        strategy);

    /// <summary>Shared raw counts of all cells (human first), as a CSR matrix, with each cell's species index.</summary>
    public static (CsrMatrix Counts, int[] Species) SharedCounts(SharedGeneSpace space)
    {
        var builder = new List<(int[] Columns, float[] Values)>();
        var species = new List<int>();
        foreach (var (data, name, index) in new[] { (Human, "human", 0), (Mouse, "mouse", 1) })
        {
            var map = space[name];
            var position = data.Var.NameToPosition();
            var columns = map.ModelGenes.Select(gene => position[gene]).ToArray();
            var dense = new float[map.ModelGenes.Count];
            var shared = new float[space.Features.Count];
            for (var cell = 0; cell < data.CellCount; cell++)
            {
                for (var g = 0; g < columns.Length; g++)
                {
                    dense[g] = data.X[cell, columns[g]];
                }

                map.Apply(dense, shared);
                var nonZero = Enumerable.Range(0, shared.Length).Where(i => shared[i] != 0).ToArray();
                builder.Add((nonZero, nonZero.Select(i => shared[i]).ToArray()));
                species.Add(index);
            }
        }

        var pointers = new int[builder.Count + 1];
        for (var row = 0; row < builder.Count; row++)
        {
            pointers[row + 1] = pointers[row] + builder[row].Columns.Length;
        }

        return (new CsrMatrix(builder.Count, space.Features.Count, pointers,
            builder.SelectMany(row => row.Columns).ToArray(), builder.SelectMany(row => row.Values).ToArray()), [.. species]);
    }
}
