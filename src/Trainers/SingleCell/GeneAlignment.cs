using Microsoft.ML.Data;
using PllmML.Data;

namespace PllmML.Trainers.SingleCell;

/// <summary>Reorders a data set's genes into a species' model gene order, by name.</summary>
internal sealed class GeneAlignment
{
    private readonly int[] _modelPositionOfDataGene;

    private GeneAlignment(int[] modelPositionOfDataGene, int modelGenes, int found)
    {
        _modelPositionOfDataGene = modelPositionOfDataGene;
        ModelGenes = modelGenes;
        Found = found;
    }

    public int ModelGenes { get; }

    public int Found { get; }

    public static GeneAlignment Of(IReadOnlyList<string> dataGenes, IReadOnlyList<string> modelGenes)
    {
        var modelPosition = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < modelGenes.Count; i++)
        {
            modelPosition[modelGenes[i]] = i;
        }

        var positions = new int[dataGenes.Count];
        var found = new HashSet<int>();
        for (var gene = 0; gene < dataGenes.Count; gene++)
        {
            positions[gene] = modelPosition.TryGetValue(dataGenes[gene], out var at) && found.Add(at) ? at : -1;
        }

        return new GeneAlignment(positions, modelGenes.Count, found.Count);
    }

    public VBuffer<float> Row(CsrMatrix counts, int cell)
    {
        var columns = counts.RowColumns(cell);
        var values = counts.RowValues(cell);
        var entries = new List<(int Index, float Value)>(columns.Length);
        for (var k = 0; k < columns.Length; k++)
        {
            var at = _modelPositionOfDataGene[columns[k]];
            if (at >= 0 && values[k] != 0)
            {
                entries.Add((at, values[k]));
            }
        }

        entries.Sort((a, b) => a.Index.CompareTo(b.Index));
        return new VBuffer<float>(ModelGenes, entries.Count, [.. entries.Select(e => e.Value)], [.. entries.Select(e => e.Index)]);
    }
}
