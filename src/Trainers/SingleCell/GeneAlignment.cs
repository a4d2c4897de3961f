using Microsoft.ML.Data;
using PllmML.Data;

namespace PllmML.Trainers.SingleCell;

/// <summary>Reorders a data set's genes into a species' model gene order, by name.</summary>
internal sealed class GeneAlignment
{
    private readonly int[] _modelPositionOfDataGene;

    private readonly bool[] _measured;

    private GeneAlignment(int[] modelPositionOfDataGene, bool[] measured, int found)
    {
        _modelPositionOfDataGene = modelPositionOfDataGene;
        _measured = measured;
        ModelGenes = measured.Length;
        Found = found;
    }

    /// <summary>Whether the data has the model gene at this position.</summary>
    public bool IsMeasured(int modelGene) => _measured[modelGene];

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

        var measured = new bool[modelGenes.Count];
        foreach (var at in found)
        {
            measured[at] = true;
        }

        return new GeneAlignment(positions, measured, found.Count);
    }

    /// <summary>Cells read from disk at a time: about 16 MB of counts at 2,000 genes a cell.</summary>
    public const int BlockCells = 1024;

    public VBuffer<float> Row(CsrMatrix counts, int cell)
    {
        var row = default(VBuffer<float>);
        Row(counts, cell, ref row);
        return row;
    }

    /// <summary>A cell's kept counts in model gene order, written into <paramref name="row"/>'s buffers where they are large enough.</summary>
    public void Row(CsrMatrix counts, int cell, ref VBuffer<float> row)
    {
        // Each model position occurs at most once (Of keeps the first data gene of a name), so sorting by position
        // gives one order, and the arrays are exactly the cell's kept counts.
        var columns = counts.RowColumns(cell);
        var values = counts.RowValues(cell);
        // Each model position at most once: at most ModelGenes are kept.
        var editor = VBufferEditor.Create(ref row, ModelGenes, Math.Min(columns.Length, ModelGenes), requireIndicesOnDense: true);
        var indices = editor.Indices;
        var keptValues = editor.Values;
        var at = 0;
        for (var k = 0; k < columns.Length; k++)
        {
            var position = _modelPositionOfDataGene[columns[k]];
            if (position >= 0 && values[k] != 0)
            {
                indices[at] = position;
                keptValues[at++] = values[k];
            }
        }

        indices = indices[..at];
        keptValues = keptValues[..at];
        if (!IsAscending(indices))
        {
            indices.Sort(keptValues);
        }

        row = editor.CommitTruncated(at);
    }

    private static bool IsAscending(ReadOnlySpan<int> positions)
    {
        // Model genes usually keep the data's gene order, so most cells need no sort.
        for (var k = 1; k < positions.Length; k++)
        {
            if (positions[k] < positions[k - 1])
            {
                return false;
            }
        }

        return true;
    }
}
