using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Data;
using PllmML.Trainers.SingleCell;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.Tests.SingleCell;

/// <summary>
/// The fit's input view: the rows, columns and values that <c>LoadFromEnumerable</c> of <see cref="CellRow"/> gave (the
/// schema is what the saved model records), with the counts read only by cursors that ask for them.
/// </summary>
public class CellRowsViewTests
{
    [Fact]
    public void Rows_EqualTheEnumerableOfCellRows_AndTheSchemaIsTheSame()
    {
        var (view, inputs, space) = View(new CountingRows(PancreasModel.CommonCells("human.h5ad").Rows));
        var expected = inputs.SelectMany(input =>
        {
            var alignment = GeneAlignment.Of(input.Cells.GeneNames, space[input.Species].ModelGenes);
            var counts = input.Cells.Rows.ReadRows(0, input.Cells.CellCount);
            return Enumerable.Range(0, input.Cells.CellCount).Select(cell => new CellRow
            {
                Species = input.Species,
                Counts = alignment.Row(counts, cell),
                Label = input.LabelKey is null ? string.Empty : input.Cells.Obs[input.LabelKey].FormatValue(cell),
            });
        }).ToArray();
        var enumerable = new MLContext(0).Data.LoadFromEnumerable(expected);

        Assert.Equal(enumerable.Schema.Select(column => (column.Name, column.Type)), view.Schema.Select(column => (column.Name, column.Type)));
        Assert.Equal(expected.Length, view.GetRowCount());
        var rows = new MLContext(0).Data.CreateEnumerable<CellRow>(view, reuseRowObject: false).ToArray();
        Assert.Equal(expected.Length, rows.Length);
        for (var row = 0; row < rows.Length; row++)
        {
            Assert.Equal(expected[row].Species, rows[row].Species);
            Assert.Equal(expected[row].Label, rows[row].Label);
            Assert.Equal(expected[row].Donor, rows[row].Donor);
            Assert.Equal(expected[row].Counts.Length, rows[row].Counts.Length);
            Assert.Equal(expected[row].Counts.GetIndices().ToArray(), rows[row].Counts.GetIndices().ToArray());
            Assert.Equal(expected[row].Counts.GetValues().ToArray(), rows[row].Counts.GetValues().ToArray());
        }
    }

    [Fact]
    public void Cursor_WithoutTheCountsColumn_ReadsNoCounts()
    {
        var human = new CountingRows(PancreasModel.CommonCells("human.h5ad").Rows);
        var (view, _, _) = View(human);

        var species = DataViewColumns.ReadText(view, nameof(CellRow.Species));
        var labels = DataViewColumns.ReadText(view, nameof(CellRow.Label));
        Assert.Equal(view.GetRowCount(), species.Length);
        Assert.Equal(species.Length, labels.Length);
        Assert.Equal(0, human.Reads);

        var counts = view.Schema[nameof(CellRow.Counts)];
        using (var cursor = view.GetRowCursor([view.Schema[nameof(CellRow.Species)]]))
        {
            Assert.False(cursor.IsColumnActive(counts));
            Assert.Throws<InvalidOperationException>(() => cursor.GetGetter<VBuffer<float>>(counts));
        }

        var cells = 0;
        DataViewColumns.ForEachRow(view, counts, (in VBuffer<float> _) => cells++);
        Assert.Equal(view.GetRowCount(), cells);
        Assert.Equal(1, human.Reads);
    }

    private static (CellRowsView View, SpeciesData[] Inputs, SharedGeneSpace Space) View(ICellRows humanRows)
    {
        var human = PancreasModel.CommonCells("human.h5ad");
        human = new CellMatrix(humanRows, human.Obs, human.Var);
        var mouse = PancreasModel.CommonCells("mouse.h5ad");
        SpeciesData[] inputs = [new("human", human), new("mouse", mouse, LabelKey: "cell_type")];
        var space = SharedGeneSpace.Build(
            "human", inputs.ToDictionary(input => input.Species, input => input.Cells.GeneNames),
            new Dictionary<string, Data.Orthologs.GenePairTable> { ["mouse"] = PancreasModel.Pairs }, HomologyStrategy.OneToOne);
        return (new CellRowsView(new MLContext(0), space, inputs, donorCovariate: false), inputs, space);
    }

    // Counts the blocks read, so a test can see which passes touch the counts.
    private sealed class CountingRows(ICellRows rows) : ICellRows
    {
        public int Reads { get; private set; }

        public int RowCount => rows.RowCount;

        public int ColumnCount => rows.ColumnCount;

        public long StoredCount => rows.StoredCount;

        public long StoredBefore(int row) => rows.StoredBefore(row);

        public CsrMatrix ReadRows(int firstRow, int rowCount)
        {
            Reads++;
            return rows.ReadRows(firstRow, rowCount);
        }
    }
}
