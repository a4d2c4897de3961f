using Microsoft.ML.Data;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.SingleCell;

/// <summary>Builds a fitted model's <see cref="AnnotationReference"/> from its stages and its training cells.</summary>
internal static class AnnotationReferenceBuilder
{
    /// <summary>The reference means, loading shares and library shares (no calibration).</summary>
    public static AnnotationReference Build(SharedGeneSpace space, IReadOnlyList<SpeciesData> inputs, SingleCellPipelineEstimator.Fitted fitted)
    {
        var selected = fitted.VariableGenes.Selection.Selected;
        var scaling = fitted.Scaling.Scaling;
        var pca = fitted.Pca.Components;
        var genes = selected.Length;
        var imputed = new float[genes];
        var mass = new double[genes];
        for (var k = 0; k < genes; k++)
        {
            // The value whose scaled form is the PCA mean: centred, it is zero, so the gene moves no component.
            imputed[k] = Math.Max(0, scaling.Means[k] + (scaling.StandardDeviations[k] * pca.Mean[k]));
            for (var component = 0; component < pca.ComponentCount; component++)
            {
                var loading = (double)pca.Components[(component * genes) + k];
                mass[k] += loading * loading;
            }
        }

        var totalMass = mass.Sum();
        // Each scaled gene has unit variance (a little less where clipped): what the kept components do not explain is noise.
        var explained = pca.ExplainedVariance.Sum();
        var noise = Math.Max(1e-3, (genes - explained) / Math.Max(1, genes - pca.ComponentCount));
        return new AnnotationReference
        {
            ScalingMeans = [.. scaling.Means],
            ScalingDeviations = [.. scaling.StandardDeviations],
            MaxValue = scaling.MaxValue,
            PcaMean = [.. pca.Mean],
            Loadings = [.. pca.Components],
            ComponentVariances = [.. pca.ExplainedVariance],
            NoiseVariance = noise,
            TargetSum = fitted.Normalization.TargetSum,
            VariableFeatures = [.. selected],
            ImputedLogValues = imputed,
            LoadingShares = [.. mass.Select(value => (float)(totalMass > 0 ? value / totalMass : 1.0 / genes))],
            Species = SpeciesReferences(space, inputs),
        };
    }

    /// <summary>Each species' library shares: one pass over its counts, the species side by side when their counts are read apart.</summary>
    private static SpeciesReference[] SpeciesReferences(SharedGeneSpace space, IReadOnlyList<SpeciesData> inputs)
    {
        var names = space.Species.ToArray();
        var sources = names.Select(name => inputs.First(input => input.Species == name)).ToArray();
        var references = new SpeciesReference[names.Length];
        var apart = sources.Select(source => source.Cells.Rows).Distinct(ReferenceEqualityComparer.Instance).Count() == sources.Length;
        Parallel.For(0, names.Length, new ParallelOptions { MaxDegreeOfParallelism = apart ? -1 : 1 }, i =>
            references[i] = Species(space[names[i]], space.Features.Count, sources[i]));
        return references;
    }

    private static SpeciesReference Species(SpeciesGeneMap map, int features, SpeciesData input)
    {
        var entriesOfGene = new List<int>[map.ModelGenes.Count];
        for (var entry = 0; entry < map.SourceGenes.Length; entry++)
        {
            (entriesOfGene[map.SourceGenes[entry]] ??= []).Add(map.TargetFeatures[entry]);
        }

        // Per cell, each feature's counts summed in gene order into a dense row with a list of the features touched (a
        // dictionary per cell cost more than the rest of the fit's passes at 10^5 cells); the cells' shares are added
        // in cell order.
        var alignment = GeneAlignment.Of(input.Cells.GeneNames, map.ModelGenes);
        var shares = new double[features];
        var sums = new double[features];
        var isTouched = new bool[features];
        var touched = new int[features];
        var counts = default(VBuffer<float>);
        var cells = 0;
        foreach (var block in input.Cells.Rows.Blocks(GeneAlignment.BlockCells))
        {
            for (var cell = 0; cell < block.RowCount; cell++)
            {
                alignment.Row(block, cell, ref counts);
                var values = counts.GetValues();
                var indices = counts.GetIndices();
                var touchedCount = 0;
                double total = 0;
                for (var k = 0; k < values.Length; k++)
                {
                    if (entriesOfGene[counts.IsDense ? k : indices[k]] is not { } entries)
                    {
                        continue;
                    }

                    foreach (var feature in entries)
                    {
                        if (!isTouched[feature])
                        {
                            isTouched[feature] = true;
                            touched[touchedCount++] = feature;
                            sums[feature] = 0;
                        }

                        sums[feature] += values[k];
                        total += values[k];
                    }
                }

                if (total > 0)
                {
                    cells++;
                }

                for (var t = 0; t < touchedCount; t++)
                {
                    var feature = touched[t];
                    if (total > 0)
                    {
                        shares[feature] += sums[feature] / total;
                    }

                    isTouched[feature] = false;
                }
            }
        }

        return new SpeciesReference(map.Species, [.. map.SourceGenes], [.. map.TargetFeatures], [.. shares.Select(share => (float)(cells > 0 ? share / cells : 0))]);
    }
}
