using System.Globalization;
using PllmML.Data;
using Spectre.Console;

namespace PllmML.Cli.Rendering;

/// <summary>Prints what a biologist checks first about single-cell data: shape, counts, annotations, label counts.</summary>
internal static class CellMatrixRenderer
{
    private const int MaxCategoriesShown = 40;

    public static void Render(IAnsiConsole console, string title, CellMatrix data)
    {
        console.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
        console.Write(Overview(data));
        console.Write(ColumnsTable("obs (cell annotations)", data.Obs));
        console.Write(ColumnsTable("var (gene annotations)", data.Var));
        foreach (var name in data.Obs.ColumnNames)
        {
            if (data.Obs[name] is CategoricalColumn categorical && categorical.Categories.Length <= MaxCategoriesShown)
            {
                console.Write(CategoryCounts(name, categorical));
            }
        }
    }

    private static Grid Overview(CellMatrix data)
    {
        if (!data.HasX)
        {
            var annotations = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
            annotations.AddRow("cells × genes", $"{Count(data.CellCount)} × {Count(data.GeneCount)}");
            annotations.AddRow("X", "none: the file stores no X (anndata writes none when adata.X is None)");
            AddElements(annotations, data);
            return annotations;
        }

        var x = data.X;
        var cells = (double)x.RowCount * x.ColumnCount;
        var density = cells == 0 ? 0 : x.StoredCount / cells;
        var totals = x.RowSums();
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("cells × genes", $"{Count(data.CellCount)} × {Count(data.GeneCount)}");
        grid.AddRow("X", $"CSR, {Count(x.StoredCount)} stored values ({density:P1} dense), sum {Number(x.Sum())}, "
            + (HoldsCounts(x) ? "non-negative integers (raw counts)" : "not raw counts (non-integer or negative values)"));
        if (totals.Length > 0)
        {
            Array.Sort(totals);
            grid.AddRow("total per cell", $"min {Number(totals[0])}, median {Number(Median(totals))}, max {Number(totals[^1])}");
        }

        AddElements(grid, data);
        return grid;
    }

    private static void AddElements(Grid grid, CellMatrix data)
    {
        grid.AddRow("obsm", KeyList(data.Obsm.Select(p => $"{p.Key} ({p.Value.ColumnCount})")));
        grid.AddRow("varm", KeyList(data.Varm.Select(p => $"{p.Key} ({p.Value.ColumnCount})")));
        grid.AddRow("layers", KeyList(data.Layers.Keys));
        grid.AddRow("raw", data.Raw is null ? "—" : $"{Count(data.Raw.X.RowCount)} × {Count(data.Raw.X.ColumnCount)}");
        grid.AddRow("uns", KeyList(data.Uns.Keys));
    }

    private static Table ColumnsTable(string title, AnnotationTable table)
    {
        var view = new Table().Title(Markup.Escape(title)).AddColumns("column", "kind", "values");
        view.AddRow("(names)", "index", Markup.Escape(Examples(table.Names)));
        foreach (var name in table.ColumnNames)
        {
            var (kind, summary) = Describe(table[name]);
            view.AddRow(Markup.Escape(name), kind, Markup.Escape(summary));
        }

        return view;
    }

    private static Table CategoryCounts(string column, CategoricalColumn categorical)
    {
        var counts = categorical.CountPerCategory();
        var view = new Table().Title(Markup.Escape($"{column}: cells per category")).AddColumns("category", "cells");
        foreach (var i in Enumerable.Range(0, counts.Length).OrderByDescending(i => counts[i]).ThenBy(i => categorical.Categories[i], StringComparer.Ordinal))
        {
            view.AddRow(Markup.Escape(categorical.Categories[i]), Count(counts[i]));
        }

        var missing = categorical.Codes.Count(c => c < 0);
        if (missing > 0)
        {
            view.AddRow("(missing)", Count(missing));
        }

        return view;
    }

    private static (string Kind, string Summary) Describe(AnnotationColumn column) => column switch
    {
        CategoricalColumn c => ("categorical", $"{c.Categories.Length} categories: {Examples(c.Categories)}"),
        NumericColumn n => (n.StorageType.ToString().ToLowerInvariant(), NumericSummary(n.Values)),
        BooleanColumn b => ("bool", $"{Count(b.Values.Count(v => v))} true of {Count(b.Length)}"),
        StringColumn s => ("string", Examples(s.Values.Select(v => v ?? string.Empty).ToArray())),
        _ => (column.GetType().Name, string.Empty),
    };

    private static string NumericSummary(double[] values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
        {
            return "no finite values";
        }

        Array.Sort(finite);
        var missing = values.Length - finite.Length;
        return $"min {Number(finite[0])}, median {Number(Median(finite))}, max {Number(finite[^1])}"
            + (missing > 0 ? $", {Count(missing)} missing" : string.Empty);
    }

    private static bool HoldsCounts(CsrMatrix x)
    {
        foreach (var value in x.Values.AsSpan(0, x.StoredCount))
        {
            if (value < 0 || value != MathF.Round(value))
            {
                return false;
            }
        }

        return true;
    }

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;

    private static string Examples(IReadOnlyList<string> values) =>
        values.Count <= 4 ? string.Join(", ", values) : $"{string.Join(", ", values.Take(4))}, … ({Count(values.Count)})";

    private static string KeyList(IEnumerable<string> keys)
    {
        var list = keys.ToList();
        return list.Count == 0 ? "—" : Markup.Escape(string.Join(", ", list));
    }

    internal static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Number(double value) =>
        value == Math.Round(value) && Math.Abs(value) < 1e15
            ? value.ToString("N0", CultureInfo.InvariantCulture)
            : value.ToString("G6", CultureInfo.InvariantCulture);
}
