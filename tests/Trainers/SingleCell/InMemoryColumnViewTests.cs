using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Trainers.SingleCell;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.Tests.SingleCell;

/// <summary>
/// The fit's in-memory copy of the variable genes: the same rows, bits and species as the source, filled by the first
/// full pass, other columns read from the source beside it, and the source read again when the copy is over budget,
/// abandoned or released.
/// </summary>
public class InMemoryColumnViewTests
{
    private const int Width = 37;

    [Theory]
    [InlineData(1 << 20)]
    [InlineData(Width)]
    [InlineData(50)]
    public void KeptRows_AreTheSourceRows_BitForBit_WithTheirSpeciesAndLabels(int chunkValues)
    {
        var rows = Rows(500);
        var source = new CountingView(new MLContext(0).Data.LoadFromEnumerable(rows));
        var view = new InMemoryColumnView(source, SingleCellColumns.VariableGenes, long.MaxValue, chunkValues);

        var first = Read(view, withLabel: false);
        Assert.Equal(1, source.CursorsOnKept);
        Assert.Contains("kept in memory", view.Summary, StringComparison.Ordinal);
        var second = Read(view, withLabel: false);
        var third = Read(view, withLabel: true);

        Assert.Equal(1, source.CursorsOnKept);
        foreach (var read in new[] { first, second, third })
        {
            Assert.Equal(rows.Length, read.Count);
            for (var row = 0; row < rows.Length; row++)
            {
                Assert.Equal(rows[row].Species, read[row].Species);
                Assert.Equal(rows[row].VariableGenes.Select(BitConverter.SingleToInt32Bits), read[row].Values.Select(BitConverter.SingleToInt32Bits));
            }
        }

        Assert.Equal(rows.Select(row => row.Label), third.Select(read => read.Label));
    }

    [Fact]
    public void OverBudget_KeepsNothing_AndReadsTheSourceEachPass()
    {
        var rows = Rows(200);
        var source = new CountingView(new MLContext(0).Data.LoadFromEnumerable(rows));
        var view = new InMemoryColumnView(source, SingleCellColumns.VariableGenes, budgetBytes: 1000);

        var first = Read(view, withLabel: false);
        var second = Read(view, withLabel: false);

        Assert.Equal(2, source.CursorsOnKept);
        Assert.Contains("re-read", view.Summary, StringComparison.Ordinal);
        Assert.Equal(rows.Select(row => row.VariableGenes), second.Select(read => read.Values));
        Assert.Equal(first.Select(read => read.Values), second.Select(read => read.Values));
    }

    [Fact]
    public void AnAbandonedPass_KeepsNothing_AndTheNextFullPassFills()
    {
        var rows = Rows(100);
        var source = new CountingView(new MLContext(0).Data.LoadFromEnumerable(rows));
        var view = new InMemoryColumnView(source, SingleCellColumns.VariableGenes, long.MaxValue);
        using (var cursor = view.GetRowCursor([view.Schema[SingleCellColumns.VariableGenes]]))
        {
            Assert.True(cursor.MoveNext());
        }

        Assert.Contains("not read yet", view.Summary, StringComparison.Ordinal);
        Read(view, withLabel: false);
        Read(view, withLabel: false);

        Assert.Equal(2, source.CursorsOnKept);
    }

    [Fact]
    public void Released_ReadsTheSourceAgain_WithTheSameRows()
    {
        var rows = Rows(100);
        var source = new CountingView(new MLContext(0).Data.LoadFromEnumerable(rows));
        var view = new InMemoryColumnView(source, SingleCellColumns.VariableGenes, long.MaxValue);
        var kept = Read(view, withLabel: false);

        view.Release();
        var released = Read(view, withLabel: false);

        Assert.Equal(2, source.CursorsOnKept);
        Assert.Equal(kept.Select(read => read.Values), released.Select(read => read.Values));
    }

    [Fact]
    public void ACursorWithoutTheColumn_GoesToTheSource()
    {
        var rows = Rows(50);
        var source = new CountingView(new MLContext(0).Data.LoadFromEnumerable(rows));
        var view = new InMemoryColumnView(source, SingleCellColumns.VariableGenes, long.MaxValue);

        var labels = DataViewColumns.ReadText(view, SingleCellColumns.Label);

        Assert.Equal(rows.Select(row => row.Label), labels);
        Assert.Equal(0, source.CursorsOnKept);
        Assert.Contains("not read yet", view.Summary, StringComparison.Ordinal);
    }

    private static List<(string Species, string Label, float[] Values)> Read(IDataView view, bool withLabel)
    {
        var genes = view.Schema[SingleCellColumns.VariableGenes];
        var species = view.Schema[SingleCellColumns.Species];
        var label = view.Schema[SingleCellColumns.Label];
        using var cursor = view.GetRowCursor(withLabel ? [genes, species, label] : [genes, species]);
        var genesGetter = cursor.GetGetter<VBuffer<float>>(genes);
        var speciesGetter = cursor.GetGetter<ReadOnlyMemory<char>>(species);
        var labelGetter = withLabel ? cursor.GetGetter<ReadOnlyMemory<char>>(label) : null;
        var read = new List<(string, string, float[])>();
        VBuffer<float> values = default;
        ReadOnlyMemory<char> text = default;
        ReadOnlyMemory<char> labelText = default;
        while (cursor.MoveNext())
        {
            genesGetter(ref values);
            speciesGetter(ref text);
            labelGetter?.Invoke(ref labelText);
            read.Add((text.ToString(), labelText.ToString(), values.DenseValues().ToArray()));
        }

        return read;
    }

    private static GeneRow[] Rows(int count)
    {
        // Mostly zeros, some rows all zeros, one row dense, and values whose bits matter (negative zero, subnormal).
        var random = new Random(7);
        return [.. Enumerable.Range(0, count).Select(row =>
        {
            var values = new float[Width];
            if (row % 11 != 0)
            {
                for (var gene = 0; gene < Width; gene++)
                {
                    values[gene] = row == 3 || random.NextDouble() < 0.2 ? (float)(random.NextDouble() * 5) : 0f;
                }
            }

            values[row % Width] = row % 13 == 0 ? -0f : row % 17 == 0 ? float.Epsilon : values[row % Width];
            return new GeneRow { Species = row < count / 3 ? "human" : "mouse", Label = $"type{row % 5}", VariableGenes = values };
        })];
    }

    private sealed class GeneRow
    {
        public string Species { get; set; } = string.Empty;

        public string Label { get; set; } = string.Empty;

        [VectorType(Width)]
        public float[] VariableGenes { get; set; } = [];
    }

    /// <summary>Counts the cursors that read the variable genes from the source.</summary>
    private sealed class CountingView(IDataView inner) : IDataView
    {
        public int CursorsOnKept { get; private set; }

        public bool CanShuffle => false;

        public DataViewSchema Schema => inner.Schema;

        public long? GetRowCount() => inner.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            var needed = columnsNeeded.ToArray();
            CursorsOnKept += needed.Any(column => column.Name == SingleCellColumns.VariableGenes) ? 1 : 0;
            return inner.GetRowCursor(needed, rand);
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            [GetRowCursor(columnsNeeded, rand)];
    }
}
