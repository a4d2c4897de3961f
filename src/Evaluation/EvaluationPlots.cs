using ScottPlot;

namespace PllmML.Evaluation;

/// <summary>
/// The evaluation pictures as PNG bytes, drawn with ScottPlot (SkiaSharp; text in DejaVu Sans from Debian's
/// <c>fonts-dejavu-core</c>): UMAP coloured by a category, confusion-matrix heatmap, per-batch composition bars,
/// the gene-map score histogram, and grouped bars that put several runs side by side (the gene-map comparison).
/// </summary>
public static class EvaluationPlots
{
    private const string FontName = "DejaVu Sans";

    /// <summary>A 2-D scatter of cells coloured by a category, with a legend.</summary>
    /// <param name="coordinates">Row-major cells × 2 coordinates (from <see cref="Umap.Embed"/>).</param>
    /// <param name="colourBy">The category of every cell.</param>
    /// <param name="title">The title.</param>
    public static byte[] Scatter(IReadOnlyList<float> coordinates, LabelCodes colourBy, string title)
    {
        ArgumentNullException.ThrowIfNull(coordinates);
        ArgumentNullException.ThrowIfNull(colourBy);
        var plot = NewPlot(title);
        var palette = new ScottPlot.Palettes.Category10();
        var markerSize = colourBy.Length > 20_000 ? 2 : colourBy.Length > 2_000 ? 3 : 5;
        for (var category = 0; category < colourBy.Count; category++)
        {
            var cells = Enumerable.Range(0, colourBy.Length).Where(i => colourBy.Codes[i] == category).ToArray();
            var xs = cells.Select(i => (double)coordinates[i * 2]).ToArray();
            var ys = cells.Select(i => (double)coordinates[(i * 2) + 1]).ToArray();
            var points = plot.Add.ScatterPoints(xs, ys);
            points.MarkerSize = markerSize;
            points.Color = palette.GetColor(category).WithAlpha(0.8);
            points.LegendText = $"{colourBy.Names[category]} ({colourBy.Counts[category]})";
        }

        plot.XLabel("UMAP 1");
        plot.YLabel("UMAP 2");
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(900, 640, ImageFormat.Png);
    }

    /// <summary>A heatmap of the confusion matrix of a label transfer, row-normalised, with the counts written in.</summary>
    /// <param name="transfer">The label transfer.</param>
    public static byte[] Confusion(LabelTransferResult transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var t = transfer.TypeNames.Count;
        var rows = Enumerable.Range(0, t).Where(r => Enumerable.Range(0, t).Any(c => transfer.Confusion[(r * t) + c] > 0)).ToArray();
        var columns = Enumerable.Range(0, t).Where(c => rows.Any(r => transfer.Confusion[(r * t) + c] > 0) || rows.Contains(c)).ToArray();
        var fractions = new double[rows.Length, columns.Length];
        var plot = NewPlot($"Label transfer {transfer.ReferenceBatch} → {transfer.QueryBatch}: accuracy {transfer.Accuracy:F3}");
        for (var r = 0; r < rows.Length; r++)
        {
            var total = Enumerable.Range(0, t).Sum(c => transfer.Confusion[(rows[r] * t) + c]);
            for (var c = 0; c < columns.Length; c++)
            {
                var count = transfer.Confusion[(rows[r] * t) + columns[c]];
                fractions[r, c] = total == 0 ? 0 : (double)count / total;
            }
        }

        var heatmap = plot.Add.Heatmap(fractions);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                var count = transfer.Confusion[(rows[r] * t) + columns[c]];
                var label = plot.Add.Text(count.ToString(System.Globalization.CultureInfo.InvariantCulture), c, rows.Length - 1 - r);
                label.LabelFontColor = fractions[r, c] > 0.6 ? Colors.Black : Colors.White;
                label.LabelFontSize = 14;
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontName = FontName;
            }
        }

        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, columns.Length).Select(c => (double)c)], [.. columns.Select(c => transfer.TypeNames[c])]);
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, rows.Length).Select(r => (double)(rows.Length - 1 - r))], [.. rows.Select(r => transfer.TypeNames[r])]);
        if (columns.Length > 6)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 90;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plot.Axes.Bottom.MinimumSize = 20 + (7 * columns.Max(c => transfer.TypeNames[c].Length));
        }
        plot.XLabel($"predicted (trained on {transfer.ReferenceBatch})");
        plot.YLabel($"annotated {transfer.QueryBatch} type");
        plot.Add.ColorBar(heatmap).Label = "fraction of row";
        return plot.GetImageBytes(820, 680, ImageFormat.Png);
    }

    /// <summary>Stacked bars: the cell-type composition of every batch, as fractions.</summary>
    /// <param name="labels">Cell types.</param>
    /// <param name="batches">Batches.</param>
    public static byte[] Composition(LabelCodes labels, LabelCodes batches)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(batches);
        var counts = new int[batches.Count, labels.Count];
        for (var i = 0; i < labels.Length; i++)
        {
            counts[batches.Codes[i], labels.Codes[i]]++;
        }

        var plot = NewPlot("Cell-type composition per batch");
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<Bar>();
        for (var b = 0; b < batches.Count; b++)
        {
            var start = 0.0;
            for (var l = 0; l < labels.Count; l++)
            {
                var fraction = (double)counts[b, l] / batches.Counts[b];
                bars.Add(new Bar { Position = b, ValueBase = start, Value = start + fraction, FillColor = palette.GetColor(l) });
                start += fraction;
            }
        }

        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, batches.Count).Select(b => (double)b)], [.. Enumerable.Range(0, batches.Count).Select(b => $"{batches.Names[b]} ({batches.Counts[b]})")]);
        plot.Legend.ManualItems.AddRange(Enumerable.Range(0, labels.Count).Select(l => new LegendItem { LabelText = labels.Names[l], FillColor = palette.GetColor(l) }));
        plot.ShowLegend(Edge.Right);
        plot.YLabel("fraction of cells");
        plot.Axes.SetLimitsY(0, 1.02);
        return plot.GetImageBytes(720, 560, ImageFormat.Png);
    }

    /// <summary>
    /// Grouped bars: one group per measure along the axis, one bar per series (a run, e.g. a gene map) in each group, in
    /// the series' colour, with its value written above it. Missing values (NaN) leave a gap.
    /// </summary>
    /// <param name="title">The title.</param>
    /// <param name="groups">The measures, left to right (a <c>\n</c> breaks a long name over two lines).</param>
    /// <param name="series">The runs, in legend order.</param>
    /// <param name="values">Series × groups values.</param>
    /// <param name="yLabel">The value axis' label.</param>
    /// <param name="width">Image width in pixels (null: wide enough for every bar's label, at least 900).</param>
    /// <param name="height">Image height in pixels.</param>
    /// <exception cref="ArgumentException">The values' shape is not series × groups, or there is no group or series.</exception>
    public static byte[] GroupedBars(string title, IReadOnlyList<string> groups, IReadOnlyList<string> series, double[,] values, string yLabel, int? width = null, int height = 560)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(values);
        if (groups.Count == 0 || series.Count == 0 || values.GetLength(0) != series.Count || values.GetLength(1) != groups.Count)
        {
            throw new ArgumentException($"Expected {series.Count} series × {groups.Count} groups of values (at least one of each), got {values.GetLength(0)} × {values.GetLength(1)}.", nameof(values));
        }

        const double groupWidth = 0.84;
        var barWidth = groupWidth / series.Count;
        var plot = NewPlot(title);
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<Bar>();
        var finite = new List<double>();
        for (var s = 0; s < series.Count; s++)
        {
            for (var g = 0; g < groups.Count; g++)
            {
                var value = values[s, g];
                if (!double.IsFinite(value))
                {
                    continue;
                }

                finite.Add(value);
                bars.Add(new Bar
                {
                    Position = g - (groupWidth / 2) + (barWidth * (s + 0.5)),
                    Value = value,
                    Size = barWidth * 0.9,
                    FillColor = palette.GetColor(s),
                    Label = Short(value, series.Count > 4),
                });
            }
        }

        var plotted = plot.Add.Bars(bars);
        plotted.ValueLabelStyle.FontSize = series.Count > 4 ? 9 : 11;
        plotted.ValueLabelStyle.FontName = FontName;
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, groups.Count).Select(g => (double)g)], [.. groups]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        plot.Axes.Bottom.MinimumSize = groups.Any(group => group.Contains('\n', StringComparison.Ordinal)) ? 52 : 30;
        plot.Legend.ManualItems.AddRange(Enumerable.Range(0, series.Count).Select(s => new LegendItem { LabelText = series[s], FillColor = palette.GetColor(s) }));
        plot.ShowLegend(Edge.Right);
        plot.YLabel(yLabel);
        var low = Math.Min(0, finite.Count == 0 ? 0 : finite.Min());
        var high = Math.Max(finite.Count == 0 ? 1 : finite.Max(), low > -1 && finite.All(v => v <= 1) ? 1 : 0);
        plot.Axes.SetLimits(-0.6, groups.Count - 0.4, low < 0 ? low * 1.12 : 0, high * 1.1);
        return plot.GetImageBytes(width ?? Math.Clamp(260 + (groups.Count * series.Count * 26), 900, 2000), height, ImageFormat.Png);
    }

    /// <summary>A histogram of gene-map scores.</summary>
    /// <param name="scores">The pair scores.</param>
    /// <param name="title">The title.</param>
    /// <param name="binCount">Number of bins.</param>
    public static byte[] Histogram(IReadOnlyList<double> scores, string title, int binCount = 40)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0)
        {
            throw new ArgumentException("No scores to draw.", nameof(scores));
        }

        var min = scores.Min();
        var max = scores.Max();
        if (max <= min)
        {
            max = min + 1;
        }

        var histogram = ScottPlot.Statistics.Histogram.WithBinCount(binCount, min, max);
        histogram.AddRange(scores);
        var plot = NewPlot(title);
        // Histogram.Bins are the bins' left edges; bars are drawn centred on their position.
        var width = (max - min) / binCount;
        var bars = plot.Add.Bars(histogram.Bins.Select(left => left + (width / 2)).ToArray(), histogram.Counts);
        foreach (var bar in bars.Bars)
        {
            bar.Size = width * 0.95;
        }

        plot.XLabel("score");
        plot.YLabel("gene pairs");
        plot.Axes.Margins(bottom: 0);
        return plot.GetImageBytes(720, 480, ImageFormat.Png);
    }

    /// <summary>A bar's value label: two decimals, without the leading zero when many bars share a group (".71").</summary>
    private static string Short(double value, bool compact)
    {
        var text = value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        return compact && text.StartsWith("0.", StringComparison.Ordinal) ? text[1..] : compact && text.StartsWith("-0.", StringComparison.Ordinal) ? "-" + text[2..] : text;
    }

    private static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title);
        return plot;
    }
}
