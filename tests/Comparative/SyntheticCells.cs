using PllmML.Data;

namespace PllmML.Comparative.Tests;

/// <summary>Small two-species count matrices with planted markers, for the bad-input and edge-case tests.</summary>
internal static class SyntheticCells
{
    /// <summary>
    /// Cells of the given (species, type, count) groups over 40 genes; gene i·5 … i·5+2 are planted markers of type i
    /// (the same genes in both species), the rest background; obsm X_pllm puts each type near its own corner.
    /// </summary>
    public static CellMatrix Create(params (string Species, string Type, int Cells)[] groups)
    {
        var random = new Random(11);
        var types = groups.Select(g => g.Type).Distinct().ToList();
        var genes = Enumerable.Range(0, 40).Select(i => $"G{i}").ToArray();
        var builder = new CsrBuilder(groups.Sum(g => g.Cells), genes.Length);
        var names = new List<string>();
        var species = new List<string?>();
        var labels = new List<string?>();
        var embedding = new List<float>();
        foreach (var (sp, type, cells) in groups)
        {
            var t = types.IndexOf(type);
            for (var c = 0; c < cells; c++)
            {
                for (var g = 0; g < genes.Length; g++)
                {
                    var marker = g / 5 == t && g % 5 < 3;
                    var count = RandomCounts.Poisson(random, marker ? 6 : 0.8);
                    if (count > 0)
                    {
                        builder.Add(g, count);
                    }
                }

                builder.EndRow();
                names.Add($"{sp}_{type}_{c}");
                species.Add(sp);
                labels.Add(type);
                embedding.AddRange([t + (float)(random.NextDouble() * 0.3), (float)(random.NextDouble() * 0.3)]);
            }
        }

        var obs = new AnnotationTable([.. names]);
        obs.Set("species", CategoricalColumn.FromValues(species));
        obs.Set("cell_type", CategoricalColumn.FromValues(labels));
        var matrix = new CellMatrix(builder.Build(), obs, new AnnotationTable(genes));
        matrix.Obsm["X_pllm"] = new DenseMatrix(names.Count, 2, [.. embedding]);
        return matrix;
    }
}
