using System.Globalization;
using System.Net;
using System.Text;

namespace PllmML.Comparative;

/// <summary>
/// The self-contained <c>markers.html</c>: a dot plot of the top conserved markers per type (dot size: share of the type's
/// cells that detect the gene; colour: mean log-normalised expression scaled per gene), the MetaNeighbor AUROC and
/// alignment-score heatmaps, best matches, the gene pairs behind them and what was skipped. Inline SVG, no scripts.
/// </summary>
public static class MarkersHtml
{
    private const int Cell = 26;

    private static readonly double[] LegendShares = [0.25, 0.5, 1.0];

    /// <summary>The page.</summary>
    /// <param name="result">The analysis.</param>
    /// <param name="options">The settings (how many markers per type); null for the defaults.</param>
    public static string Render(ComparativeResult result, ComparativeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        options ??= new ComparativeOptions();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>PllmML markers</title><style>")
            .Append("body{font-family:DejaVu Sans,Arial,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;font-size:13px}")
            .Append("td,th{border:1px solid #ccc;padding:3px 7px;text-align:left}th{background:#f2f2f2}h2{margin-top:32px}.note{color:#555;font-size:13px}")
            .Append("svg text{font-family:DejaVu Sans,Arial,sans-serif}</style></head><body>")
            .Append("<h1>Comparative biology across species</h1><table>");
        foreach (var (key, value) in result.Description)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(key)}</th><td>{E(value)}</td></tr>");
        }

        html.Append("</table>");
        html.Append(CultureInfo.InvariantCulture, $"<h2>Top conserved markers per cell type</h2><p class=\"note\">Top {options.TopMarkers} conserved markers of each type (up in every species, ranked by combined p-value). Dot size: % of the type's cells detecting the gene; colour: mean log-normalised expression, scaled per gene over the rows.</p>");
        html.Append(DotPlot(result, options.TopMarkers));
        html.Append("<h2>Cell-type similarity between species</h2>");
        foreach (var similarity in result.Similarity)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{E(similarity.Method)}: {E(similarity.RowSpecies)} × {E(similarity.ColumnSpecies)}</h3>").Append(Heatmap(similarity, true));
        }

        foreach (var alignment in result.Alignment)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{E(alignment.Method)}: {E(alignment.RowSpecies)} × {E(alignment.ColumnSpecies)}</h3>").Append(Heatmap(alignment, false));
        }

        html.Append("<h2>Best matches</h2><table><tr><th>type</th><th>in</th><th>best match (AUROC)</th><th>reciprocal</th><th>one-vs-best (AUROC vs runner-up)</th><th>alignment</th></tr>");
        foreach (var b in result.BestMatches)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(b.Species)}:{E(b.CellType)}</td><td>{E(b.OtherSpecies)}</td><td>{E(b.Match)} ({F(b.Auroc)})</td><td>{(b.Reciprocal ? "yes" : "no")}</td>"
                + $"<td>{E(b.OneVersusBestMatch ?? "—")} ({F(b.OneVersusBestAuroc)} vs {E(b.RunnerUp ?? "—")})</td><td>{E(b.AlignmentMatch ?? "—")} ({F(b.AlignmentScore)})</td></tr>");
        }

        html.Append("</table><h2>Gene pairs behind each match</h2><p class=\"note\">Markers (p &lt; 0.01, up, detected in &gt; 5 % of the type's cells) of both matched types; the first ten per pair (all in gene_pairs.csv).</p><table><tr><th>types</th><th>gene (shared feature)</th><th>genes (A / B)</th><th>log2FC</th><th>p (combined)</th><th>source</th><th>Ensembl agrees</th></tr>");
        foreach (var group in result.GenePairs.GroupBy(g => (g.SpeciesA, g.CellTypeA, g.SpeciesB, g.CellTypeB)))
        {
            foreach (var g in group.Take(10))
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{E(g.SpeciesA)}:{E(g.CellTypeA)} ↔ {E(g.SpeciesB)}:{E(g.CellTypeB)}</td><td>{E(g.Feature)}</td><td>{E(g.GeneA)} / {E(g.GeneB)}</td><td>{F(g.MarkerA.LogFoldChange)} / {F(g.MarkerB.LogFoldChange)}</td>"
                    + $"<td>{g.CombinedPValue.ToString("0.##E+0", CultureInfo.InvariantCulture)}</td><td>{E(g.MappingSource)}</td><td>{(g.EnsemblAgrees is { } a ? (a ? "yes" : "no") : "—")}</td></tr>");
            }
        }

        html.Append("</table><h2>Skipped cell types</h2>");
        if (result.Skipped.Count == 0)
        {
            html.Append("<p>None.</p>");
        }
        else
        {
            html.Append("<table><tr><th>species</th><th>type</th><th>cells</th><th>reason</th></tr>");
            foreach (var s in result.Skipped)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(s.Species)}</td><td>{E(s.CellType)}</td><td>{s.Cells}</td><td>{E(s.Reason)}</td></tr>");
            }

            html.Append("</table>");
        }

        return html.Append("</body></html>").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(double value) => double.IsNaN(value) ? "—" : value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string DotPlot(ComparativeResult result, int top)
    {
        var types = result.Conserved.Select(m => m.CellType).Distinct(StringComparer.Ordinal).ToList();
        var genes = new List<(string Type, string Gene)>();
        foreach (var type in types)
        {
            foreach (var marker in result.TopConserved(type, top))
            {
                if (!genes.Any(g => g.Gene == marker.Gene))
                {
                    genes.Add((type, marker.Gene));
                }
            }
        }

        if (genes.Count == 0)
        {
            return "<p>No conserved markers.</p>";
        }

        var rows = types.SelectMany(type => result.Species.Select(species => (Type: type, Species: species))).ToList();
        var lookup = result.Markers.ToDictionary(m => m.Species, StringComparer.Ordinal);
        GeneMarker? At((string Type, string Species) row, string gene) =>
            lookup[row.Species].Markers.TryGetValue(row.Type, out var list) ? list.FirstOrDefault(m => m.Gene == gene) : null;
        const int left = 170;
        const int topMargin = 90;
        var width = left + (genes.Count * Cell) + 150;
        var height = topMargin + (rows.Count * Cell) + 30;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-size=\"11\">");
        for (var c = 0; c < genes.Count; c++)
        {
            var x = left + (c * Cell) + (Cell / 2);
            svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate({x + 4},{topMargin - 6}) rotate(-60)\" font-style=\"italic\">{E(genes[c].Gene)}</text>");
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var y = topMargin + (r * Cell) + (Cell / 2);
            if (r > 0 && rows[r].Type != rows[r - 1].Type)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left - 160}\" x2=\"{left + (genes.Count * Cell)}\" y1=\"{y - (Cell / 2)}\" y2=\"{y - (Cell / 2)}\" stroke=\"#bbb\"/>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 8}\" y=\"{y + 4}\" text-anchor=\"end\">{E(rows[r].Type)} ({E(rows[r].Species)})</text>");
        }

        for (var c = 0; c < genes.Count; c++)
        {
            var means = rows.Select(row => At(row, genes[c].Gene)?.MeanIn ?? 0).ToArray();
            var (min, max) = (means.Min(), means.Max());
            for (var r = 0; r < rows.Count; r++)
            {
                var marker = At(rows[r], genes[c].Gene);
                if (marker is null)
                {
                    continue;
                }

                var scaled = max > min ? (means[r] - min) / (max - min) : 0.5;
                var radius = 1.5 + (10 * Math.Sqrt(marker.PctIn));
                var (x, y) = (left + (c * Cell) + (Cell / 2), topMargin + (r * Cell) + (Cell / 2));
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x}\" cy=\"{y}\" r=\"{radius:0.0}\" fill=\"{Blue(scaled)}\"><title>{E(genes[c].Gene)} in {E(rows[r].Type)} ({E(rows[r].Species)}): {marker.PctIn:P0} detect, mean {marker.MeanIn:0.00}, log2FC {marker.LogFoldChange:0.00}</title></circle>");
            }
        }

        var legendX = left + (genes.Count * Cell) + 25;
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{legendX}\" y=\"{topMargin}\">% detecting</text>");
        foreach (var (pct, i) in LegendShares.Select((p, i) => (p, i)))
        {
            var y = topMargin + 20 + (i * 26);
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{legendX + 12}\" cy=\"{y}\" r=\"{1.5 + (10 * Math.Sqrt(pct)):0.0}\" fill=\"#888\"/><text x=\"{legendX + 30}\" y=\"{y + 4}\">{pct:P0}</text>");
        }

        var scaleY = topMargin + 110;
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{legendX}\" y=\"{scaleY}\">scaled mean</text>");
        for (var i = 0; i <= 10; i++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{legendX + (i * 9)}\" y=\"{scaleY + 6}\" width=\"9\" height=\"12\" fill=\"{Blue(i / 10.0)}\"/>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{legendX}\" y=\"{scaleY + 32}\">low</text><text x=\"{legendX + 99}\" y=\"{scaleY + 32}\" text-anchor=\"end\">high</text>");
        return svg.Append("</svg>").ToString();
    }

    private static string Heatmap(CellTypeSimilarity matrix, bool diverging)
    {
        const int size = 56;
        const int left = 150;
        const int top = 110;
        var (rows, columns) = (matrix.RowTypes.Count, matrix.ColumnTypes.Count);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{left + (columns * size) + 40}\" height=\"{top + (rows * size) + 40}\" font-size=\"12\">");
        for (var c = 0; c < columns; c++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate({left + (c * size) + (size / 2) + 4},{top - 6}) rotate(-60)\">{E(matrix.ColumnSpecies)}:{E(matrix.ColumnTypes[c])}</text>");
        }

        for (var r = 0; r < rows; r++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 8}\" y=\"{top + (r * size) + (size / 2) + 4}\" text-anchor=\"end\">{E(matrix.RowSpecies)}:{E(matrix.RowTypes[r])}</text>");
            var best = matrix.BestColumn(matrix.RowTypes[r]);
            for (var c = 0; c < columns; c++)
            {
                var value = matrix.Values[(r * columns) + c];
                var fill = double.IsNaN(value) ? "#eee" : diverging ? Diverging(value) : Blue(value);
                var (x, y) = (left + (c * size), top + (r * size));
                var stroke = matrix.ColumnTypes[c] == best ? " stroke=\"#000\" stroke-width=\"2.5\"" : " stroke=\"#fff\"";
                var ink = !double.IsNaN(value) && (diverging ? Math.Abs(value - 0.5) > 0.35 : value > 0.6) ? "#fff" : "#000";
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{size}\" height=\"{size}\" fill=\"{fill}\"{stroke}/>")
                    .Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (size / 2)}\" y=\"{y + (size / 2) + 4}\" text-anchor=\"middle\" fill=\"{ink}\">{F(value)}</text>");
            }
        }

        return svg.Append("</svg><p class=\"note\">Black frame: each row's best match.</p>").ToString();
    }

    private static string Blue(double t)
    {
        t = Math.Clamp(t, 0, 1);
        var (r, g, b) = (Lerp(235, 8, t), Lerp(235, 48, t), Lerp(240, 107, t));
        return $"rgb({r},{g},{b})";
    }

    private static string Diverging(double auroc)
    {
        var t = Math.Clamp((auroc - 0.5) * 2, -1, 1);
        var (r, g, b) = t >= 0 ? (Lerp(247, 178, t), Lerp(247, 24, t), Lerp(247, 43, t)) : (Lerp(247, 33, -t), Lerp(247, 102, -t), Lerp(247, 172, -t));
        return $"rgb({r},{g},{b})";
    }

    private static int Lerp(int from, int to, double t) => (int)Math.Round(from + ((to - from) * t));
}
