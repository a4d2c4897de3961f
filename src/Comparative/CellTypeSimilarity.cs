namespace PllmML.Comparative;

/// <summary>A cell types × cell types score matrix between two species (rows <c>speciesA:type</c>, columns <c>speciesB:type</c>).</summary>
/// <param name="Method">What the scores are (for example "MetaNeighbor AUROC").</param>
/// <param name="RowSpecies">The species of the rows.</param>
/// <param name="ColumnSpecies">The species of the columns.</param>
/// <param name="RowTypes">The row cell types.</param>
/// <param name="ColumnTypes">The column cell types.</param>
/// <param name="Values">Row-major scores; NaN where undefined.</param>
public sealed record CellTypeSimilarity(
    string Method, string RowSpecies, string ColumnSpecies, IReadOnlyList<string> RowTypes, IReadOnlyList<string> ColumnTypes, double[] Values)
{
    /// <summary>The score of a row type against a column type.</summary>
    /// <param name="rowType">The row type.</param>
    /// <param name="columnType">The column type.</param>
    public double this[string rowType, string columnType] =>
        Values[(IndexOf(RowTypes, rowType) * ColumnTypes.Count) + IndexOf(ColumnTypes, columnType)];

    /// <summary>The column type with the highest score of a row (null when the row has no score).</summary>
    /// <param name="rowType">The row type.</param>
    public string? BestColumn(string rowType)
    {
        var row = IndexOf(RowTypes, rowType);
        var best = Enumerable.Range(0, ColumnTypes.Count).Where(c => !double.IsNaN(Values[(row * ColumnTypes.Count) + c]))
            .OrderByDescending(c => Values[(row * ColumnTypes.Count) + c]).ThenBy(c => c).ToList();
        return best.Count == 0 ? null : ColumnTypes[best[0]];
    }

    /// <summary>The row type with the highest score of a column (null when the column has no score).</summary>
    /// <param name="columnType">The column type.</param>
    public string? BestRow(string columnType)
    {
        var column = IndexOf(ColumnTypes, columnType);
        var best = Enumerable.Range(0, RowTypes.Count).Where(r => !double.IsNaN(Values[(r * ColumnTypes.Count) + column]))
            .OrderByDescending(r => Values[(r * ColumnTypes.Count) + column]).ThenBy(r => r).ToList();
        return best.Count == 0 ? null : RowTypes[best[0]];
    }

    /// <summary>The matrix as CSV: first column <c>cell_type</c> with <c>speciesA:type</c>, one column per <c>speciesB:type</c>.</summary>
    public string ToCsv()
    {
        var lines = new List<string> { string.Join(',', ["cell_type", .. ColumnTypes.Select(t => Csv.Field($"{ColumnSpecies}:{t}"))]) };
        for (var r = 0; r < RowTypes.Count; r++)
        {
            lines.Add(string.Join(',', [Csv.Field($"{RowSpecies}:{RowTypes[r]}"), .. Enumerable.Range(0, ColumnTypes.Count)
                .Select(c => Csv.Number(Values[(r * ColumnTypes.Count) + c]))]));
        }

        return string.Join('\n', lines) + "\n";
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"no cell type '{value}'");
    }
}
