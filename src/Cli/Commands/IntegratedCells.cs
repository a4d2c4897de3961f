using PllmML.Data;
using PllmML.Trainers.SingleCell;

namespace PllmML.Cli.Commands;

/// <summary>
/// Builds the one integrated AnnData of <c>pllm run</c>: every cell of every species, X = counts in the shared gene
/// space (named by the reference species' genes), obs species / cell_type / pllm_cell_type / pllm_probability,
/// obsm <c>X_pllm</c> (integrated) and <c>X_pca</c> (the same PCA before Harmony).
/// </summary>
internal static class IntegratedCells
{
    public static CellMatrix Combine(IReadOnlyList<SpeciesPart> parts, SingleCellManifest manifest, string labelKey)
    {
        var count = parts.Sum(part => part.Labels.Length);
        var features = FeatureNames(manifest);
        var builder = new CsrBuilder(count, features.Length);
        foreach (var row in parts.SelectMany(part => part.SharedCounts))
        {
            for (var gene = 0; gene < row.Length; gene++)
            {
                if (row[gene] != 0)
                {
                    builder.Add(gene, row[gene]);
                }
            }

            builder.EndRow();
        }

        var obs = new AnnotationTable([.. parts.SelectMany(part => part.CellNames.Select(name => $"{part.Species}:{name}"))]);
        obs.Set("species", CategoricalColumn.FromValues([.. parts.SelectMany(part => Enumerable.Repeat<string?>(part.Species, part.Labels.Length))]));
        obs.Set(labelKey, CategoricalColumn.FromValues([.. parts.SelectMany(part => part.Labels)]));
        obs.Set("pllm_cell_type", CategoricalColumn.FromValues([.. parts.SelectMany(part => part.Predictions.Labels)]));
        obs.Set("pllm_probability", new NumericColumn([.. parts.SelectMany(BestProbabilities)], NumericType.Float32));
        var cells = new CellMatrix(builder.Build(), obs, new AnnotationTable(features));
        cells.Obsm[RunPipeline.IntegratedKey] = new DenseMatrix(count, manifest.EmbeddingDimensions, [.. parts.SelectMany(part => part.Predictions.Embedding)]);
        var pcaWidth = parts[0].Pca.Length == 0 ? 0 : parts[0].Pca[0].Length;
        cells.Obsm[RunPipeline.BaselineKey] = new DenseMatrix(count, pcaWidth, [.. parts.SelectMany(part => part.Pca.SelectMany(row => row))]);
        return cells;
    }

    private static string[] FeatureNames(SingleCellManifest manifest)
    {
        var reference = manifest.Species.FirstOrDefault(species => species.Name == manifest.ReferenceSpecies);
        return reference is not null && reference.ModelGenes.Count == manifest.SharedFeatures
            ? [.. reference.ModelGenes]
            : [.. Enumerable.Range(0, manifest.SharedFeatures).Select(feature => $"feature_{feature}")];
    }

    private static IEnumerable<double> BestProbabilities(SpeciesPart part)
    {
        var classes = part.Predictions.Classes.Count;
        for (var cell = 0; cell < part.Labels.Length; cell++)
        {
            var best = 0.0;
            for (var c = 0; c < classes; c++)
            {
                best = Math.Max(best, part.Predictions.Probabilities[(cell * classes) + c]);
            }

            yield return best;
        }
    }

    /// <summary>One species' cells after prediction.</summary>
    internal sealed record SpeciesPart(string Species, string[] CellNames, string?[] Labels, CellPredictions Predictions, float[][] Pca, float[][] SharedCounts);
}
