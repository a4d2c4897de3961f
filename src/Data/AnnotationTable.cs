using System.Globalization;

namespace PllmML.Data;

/// <summary>
/// Annotations of cells (anndata <c>obs</c>) or genes (<c>var</c>): a name per row and ordered, named columns of
/// equal length.
/// </summary>
public sealed class AnnotationTable
{
    private readonly List<string> _columnOrder = [];
    private readonly Dictionary<string, AnnotationColumn> _columns = new(StringComparer.Ordinal);

    /// <summary>Creates a table with the given row names and no columns.</summary>
    /// <param name="names">One name per row (cell barcodes, gene symbols).</param>
    /// <param name="indexName">The name of the index column on disk (anndata <c>_index</c>).</param>
    public AnnotationTable(string[] names, string indexName = "_index")
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(indexName);
        Names = names;
        IndexName = indexName;
    }

    /// <summary>The row names: <c>obs_names</c> or <c>var_names</c>.</summary>
    public string[] Names { get; private set; }

    /// <summary>The name of the index column on disk.</summary>
    public string IndexName { get; set; }

    /// <summary>Number of rows.</summary>
    public int RowCount => Names.Length;

    /// <summary>The column names, in order.</summary>
    public IReadOnlyList<string> ColumnNames => _columnOrder;

    /// <summary>A column by name.</summary>
    /// <param name="name">The column name.</param>
    /// <exception cref="KeyNotFoundException">No such column; the message lists the columns that exist.</exception>
    public AnnotationColumn this[string name] =>
        _columns.TryGetValue(name, out var column)
            ? column
            : throw new KeyNotFoundException(
                $"No column '{name}'; the columns are: {(_columnOrder.Count == 0 ? "(none)" : string.Join(", ", _columnOrder))}.");

    /// <summary>Looks a column up by name.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="column">The column, when found.</param>
    public bool TryGetColumn(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AnnotationColumn? column) =>
        _columns.TryGetValue(name, out column);

    /// <summary>Adds a column at the end, or replaces the column of that name in place.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="column">The column; its length must equal <see cref="RowCount"/>.</param>
    /// <exception cref="ArgumentException">The length differs from the number of rows.</exception>
    public void Set(string name, AnnotationColumn column)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(column);
        if (column.Length != RowCount)
        {
            throw new ArgumentException(
                $"Column '{name}' has {column.Length} values, the table has {RowCount} rows.", nameof(column));
        }

        if (!_columns.ContainsKey(name))
        {
            _columnOrder.Add(name);
        }

        _columns[name] = column;
    }

    /// <summary>Removes a column if it exists.</summary>
    /// <param name="name">The column name.</param>
    /// <returns>Whether a column was removed.</returns>
    public bool Remove(string name)
    {
        _columnOrder.Remove(name);
        return _columns.Remove(name);
    }

    /// <summary>Each name that occurs more than once, with its number of occurrences.</summary>
    public IReadOnlyDictionary<string, int> FindDuplicateNames() =>
        Names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>
    /// Makes the row names unique the way anndata's <c>obs_names_make_unique</c> does: the first occurrence keeps its
    /// name, later ones get <c>-1</c>, <c>-2</c>, … (skipping suffixes that would collide with an existing name).
    /// </summary>
    /// <returns>The number of names that were changed.</returns>
    public int MakeNamesUnique()
    {
        var taken = new HashSet<string>(Names, StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = (string[])Names.Clone();
        var changed = 0;
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            if (!seen.TryGetValue(name, out var copies))
            {
                seen[name] = 0;
                continue;
            }

            string candidate;
            do
            {
                copies++;
                candidate = name + "-" + copies.ToString(CultureInfo.InvariantCulture);
            }
            while (taken.Contains(candidate));

            seen[name] = copies;
            taken.Add(candidate);
            names[i] = candidate;
            changed++;
        }

        Names = names;
        return changed;
    }

    /// <summary>The rows at the given positions, in that order, with every column.</summary>
    /// <param name="rows">Row positions.</param>
    public AnnotationTable SelectRows(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = new AnnotationTable(rows.Select(r => Names[r]).ToArray(), IndexName);
        foreach (var name in _columnOrder)
        {
            table.Set(name, _columns[name].SelectRows(rows));
        }

        return table;
    }

    /// <summary>A map from row name to position; the names must be unique.</summary>
    /// <exception cref="InvalidOperationException">A name repeats.</exception>
    public Dictionary<string, int> NameToPosition()
    {
        var map = new Dictionary<string, int>(Names.Length, StringComparer.Ordinal);
        for (var i = 0; i < Names.Length; i++)
        {
            if (!map.TryAdd(Names[i], i))
            {
                throw new InvalidOperationException($"The name '{Names[i]}' occurs more than once.");
            }
        }

        return map;
    }
}
