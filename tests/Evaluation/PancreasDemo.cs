using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Evaluation;
using PllmML.Kernels.LinearAlgebra;

namespace PllmML.Evaluation.Tests;

/// <summary>
/// Builds the bundled-pancreas demonstration .h5ad: the human and mouse cells of the five cell types both species
/// have (alpha, beta, delta, macrophage, stellate), on genes mapped one to one by the bundled CACIMAR (Ensembl)
/// table; counts per 10,000 and log1p; the 2,000 most variable genes, scaled; 30 principal components of both
/// species together (<c>obsm["X_pca"]</c>, unintegrated) and the same with each species' mean removed
/// (<c>obsm["X_pca_species_centered"]</c>, a deliberately crude correction, only to have a second embedding).
/// </summary>
internal static class PancreasDemo
{
    public static readonly string[] CommonTypes = ["alpha", "beta", "delta", "macrophage", "stellate"];

    public static string Write(string folder)
    {
        var path = Path.Combine(folder, "pancreas_human_mouse.h5ad");
        DataFiles.WriteCells(Build(), path);
        return path;
    }

    public static CellMatrix Build()
    {
        var human = DataFiles.ReadCells(TestPaths.Bundled("pancreas", "human.h5ad")).Data;
        var mouse = DataFiles.ReadCells(TestPaths.Bundled("pancreas", "mouse.h5ad")).Data;
        var pairs = OrthologTableReader.Read(TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv")).Pairs.ToSymbolOneToOne();
        var humanGenes = human.Var.NameToPosition();
        var mouseGenes = mouse.Var.NameToPosition();
        var shared = pairs.Pairs.Where(p => humanGenes.ContainsKey(p.GeneA) && mouseGenes.ContainsKey(p.GeneB)).ToArray();

        var humanCells = CellsOfCommonTypes(human);
        var mouseCells = CellsOfCommonTypes(mouse);
        var n = humanCells.Length + mouseCells.Length;
        var g = shared.Length;
        var expression = new double[n * g];
        Normalise(human, humanCells, shared.Select(p => humanGenes[p.GeneA]).ToArray(), expression, 0, g);
        Normalise(mouse, mouseCells, shared.Select(p => mouseGenes[p.GeneB]).ToArray(), expression, humanCells.Length, g);

        var variable = MostVariable(expression, n, g, 2000);
        var scaled = Scale(expression, n, g, variable);
        var pca = PrincipalComponents.FitScores(scaled, n, variable.Length, 30);
        var species = Enumerable.Repeat("human", humanCells.Length).Concat(Enumerable.Repeat("mouse", mouseCells.Length)).ToArray();

        var x = new float[n * variable.Length];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)scaled[i];
        }

        var cellNames = humanCells.Select(c => human.CellNames[c]).Concat(mouseCells.Select(c => mouse.CellNames[c])).ToArray();
        var cells = new CellMatrix(CsrMatrix.FromDense(n, variable.Length, x), new AnnotationTable(cellNames), new AnnotationTable(variable.Select(v => $"{shared[v].GeneA}_{shared[v].GeneB}").ToArray()));
        var types = humanCells.Select(c => Type(human, c)).Concat(mouseCells.Select(c => Type(mouse, c))).ToArray();
        cells.Obs.Set("cell_type", CategoricalColumn.FromValues(types));
        cells.Obs.Set("species", CategoricalColumn.FromValues(species));
        var scores = pca.Scores.Select(v => (float)v).ToArray();
        cells.Obsm["X_pca"] = new DenseMatrix(n, 30, scores);
        cells.Obsm["X_pca_species_centered"] = new DenseMatrix(n, 30, CentrePerSpecies(scores, species, 30));
        return cells;
    }

    private static string Type(CellMatrix cells, int row) => ((CategoricalColumn)cells.Obs["cell_type"])[row]!;

    private static int[] CellsOfCommonTypes(CellMatrix cells) =>
        Enumerable.Range(0, cells.CellCount).Where(i => CommonTypes.Contains(Type(cells, i))).ToArray();

    private static void Normalise(CellMatrix cells, int[] rows, int[] genes, double[] expression, int firstRow, int g)
    {
        var totals = cells.X.RowSums();
        var dense = new float[cells.GeneCount];
        for (var r = 0; r < rows.Length; r++)
        {
            Array.Clear(dense);
            var columns = cells.X.RowColumns(rows[r]);
            var values = cells.X.RowValues(rows[r]);
            for (var e = 0; e < columns.Length; e++)
            {
                dense[columns[e]] = values[e];
            }

            for (var j = 0; j < genes.Length; j++)
            {
                expression[((firstRow + r) * g) + j] = Math.Log(1 + (dense[genes[j]] * 1e4 / totals[rows[r]]));
            }
        }
    }

    private static int[] MostVariable(double[] expression, int n, int g, int count)
    {
        var variances = new double[g];
        for (var j = 0; j < g; j++)
        {
            var mean = 0.0;
            for (var i = 0; i < n; i++)
            {
                mean += expression[(i * g) + j];
            }

            mean /= n;
            for (var i = 0; i < n; i++)
            {
                var d = expression[(i * g) + j] - mean;
                variances[j] += d * d;
            }
        }

        return Enumerable.Range(0, g).OrderByDescending(j => variances[j]).Take(count).Order().ToArray();
    }

    private static double[] Scale(double[] expression, int n, int g, int[] genes)
    {
        var scaled = new double[n * genes.Length];
        for (var c = 0; c < genes.Length; c++)
        {
            var mean = Enumerable.Range(0, n).Average(i => expression[(i * g) + genes[c]]);
            var sd = Math.Sqrt(Enumerable.Range(0, n).Sum(i => Math.Pow(expression[(i * g) + genes[c]] - mean, 2)) / (n - 1));
            for (var i = 0; i < n; i++)
            {
                scaled[(i * genes.Length) + c] = Math.Min(10, (expression[(i * g) + genes[c]] - mean) / sd);
            }
        }

        return scaled;
    }

    private static float[] CentrePerSpecies(float[] scores, string[] species, int d)
    {
        var result = (float[])scores.Clone();
        foreach (var name in species.Distinct())
        {
            var rows = Enumerable.Range(0, species.Length).Where(i => species[i] == name).ToArray();
            for (var t = 0; t < d; t++)
            {
                var mean = rows.Average(i => scores[(i * d) + t]);
                foreach (var i in rows)
                {
                    result[(i * d) + t] -= mean;
                }
            }
        }

        return result;
    }
}
