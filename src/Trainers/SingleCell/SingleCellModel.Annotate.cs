using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Data;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.SingleCell;

/// <summary>Annotating cells in AnnData terms: the keys of <see cref="OutputKeys"/>.</summary>
public sealed partial class SingleCellModel
{
    /// <summary>
    /// Predicts the cells and writes the result into them: obsm <c>X_pllm</c>, obs <c>pllm_cell_type</c>,
    /// <c>pllm_probability</c> and one <c>pllm_probability_&lt;type&gt;</c> per cell type (what <c>pllm predict</c> writes).
    /// </summary>
    /// <param name="species">The species.</param>
    /// <param name="cells">Raw counts with gene names; annotated in place.</param>
    /// <param name="counts">The raw counts when they are not <paramref name="cells"/>' X (e.g. a layer), same cells.</param>
    /// <exception cref="UnknownSpeciesException">The species is not in the model.</exception>
    /// <exception cref="GeneOverlapException">Too few of the model's genes.</exception>
    public CellPredictions Annotate(string species, CellMatrix cells, CellMatrix? counts = null) => Annotate(species, cells, counts, null);

    /// <summary>
    /// Predicts the cells with prediction settings and writes the result into them, as <see cref="Annotate(string, CellMatrix, CellMatrix?)"/>;
    /// the query's gene coverage goes to uns <c>pllm/gene_coverage/&lt;species&gt;</c>.
    /// </summary>
    /// <param name="species">The species.</param>
    /// <param name="cells">Raw counts with gene names; annotated in place.</param>
    /// <param name="counts">The raw counts when they are not <paramref name="cells"/>' X (e.g. a layer), same cells.</param>
    /// <param name="options">Prediction settings; null for the model's.</param>
    /// <exception cref="UnknownSpeciesException">The species is not in the model.</exception>
    /// <exception cref="GeneOverlapException">The query measured too little of what the model reads.</exception>
    public CellPredictions Annotate(string species, CellMatrix cells, CellMatrix? counts, PredictionOptions? options)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var predictions = Predict(species, counts ?? cells, options);
        if (predictions.GeneCoverage is { } coverage)
        {
            WriteCoverage(cells, coverage);
        }

        cells.Obsm[OutputKeys.IntegratedEmbedding] = new DenseMatrix(predictions.CellCount, predictions.Dimensions, predictions.Embedding);
        WriteCalls(cells.Obs, predictions);
        return predictions;
    }

    /// <summary>
    /// Runs one species' cells through the model once and keeps, beside the predictions, the shared-gene counts and the
    /// PCA before Harmony (the unintegrated baseline).
    /// </summary>
    /// <param name="species">The species.</param>
    /// <param name="cells">Raw counts with gene names.</param>
    /// <exception cref="UnknownSpeciesException">The species is not in the model.</exception>
    /// <exception cref="GeneOverlapException">Too few of the model's genes.</exception>
    public SpeciesTransformation Transform(string species, CellMatrix cells) => Transform(species, cells, null);

    /// <summary>Runs one species' cells through the model once with prediction settings (see <see cref="Transform(string, CellMatrix)"/>).</summary>
    /// <param name="species">The species.</param>
    /// <param name="cells">Raw counts with gene names.</param>
    /// <param name="options">Prediction settings; null for the model's.</param>
    /// <exception cref="UnknownSpeciesException">The species is not in the model.</exception>
    /// <exception cref="GeneOverlapException">Too few of a species' model genes.</exception>
    public SpeciesTransformation Transform(string species, CellMatrix cells, PredictionOptions? options)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var shared = new CsrBuilder(cells.CellCount, Manifest.SharedFeatures);
        var (predictions, pca) = TransformInto(species, cells, options, shared);
        return new SpeciesTransformation(species, predictions, pca, shared.Build());
    }

    /// <summary>
    /// <see cref="Transform(string, CellMatrix, PredictionOptions?)"/> with the shared-gene counts going to
    /// <paramref name="sharedCounts"/> row by row instead of into memory.
    /// </summary>
    private (CellPredictions Predictions, DenseMatrix Pca) TransformInto(string species, CellMatrix cells, PredictionOptions? options, ICsrRowSink sharedCounts)
    {
        var keeper = new IntegratedCellKeeper(cells.CellCount, CellBlock, sharedCounts);
        var predictions = RunSpecies(_transformEngines, species, cells, options ?? new PredictionOptions(), keeper);
        return (predictions, keeper.Pca);
    }

    /// <summary>
    /// The integrated cells of several species (what <c>pllm run</c> writes as <c>integrated.h5ad</c>): X = raw counts in
    /// the shared gene space (named by the reference species' genes), obs <c>species</c>, the labels under
    /// <paramref name="labelKey"/> and the calls <c>pllm predict</c> writes (each species called on its own: the call
    /// <c>pllm_cell_type</c>, <c>pllm_best_cell_type</c>, set, runner-up, confidence, mapping distance, status,
    /// probabilities); obsm <c>X_pllm</c> and
    /// <c>X_pca</c>; uns <c>pllm/reference_species</c>. Cell names are <c>species:cell</c>. Each species goes through the model once.
    /// </summary>
    /// <param name="inputs">The species' cells; each input's <see cref="SpeciesData.LabelKey"/> names its labels.</param>
    /// <param name="labelKey">The obs column of the result that holds every input's labels.</param>
    /// <exception cref="UnknownSpeciesException">A species is not in the model.</exception>
    /// <exception cref="GeneOverlapException">Too few of a species' model genes.</exception>
    public CellMatrix Integrate(IReadOnlyList<SpeciesData> inputs, string labelKey = OutputKeys.CellType)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var x = new CsrBuilder(inputs.Sum(input => input.Cells.CellCount), Manifest.SharedFeatures);
        var withoutX = Integrate(inputs, labelKey, x);
        var cells = new CellMatrix(x.Build(), withoutX.Obs, withoutX.Var);
        foreach (var (key, value) in withoutX.Obsm)
        {
            cells.Obsm[key] = value;
        }

        foreach (var (key, value) in withoutX.Uns)
        {
            cells.Uns[key] = value;
        }

        return cells;
    }

    /// <summary>
    /// The integrated cells of several species as <see cref="Integrate(IReadOnlyList{SpeciesData}, string)"/>, with X
    /// (the shared-gene counts, one row per cell in the result's order) going to <paramref name="x"/> row by row: with a
    /// <see cref="CsrRowSpool"/> X stays on disk, and memory holds per cell only what obs and obsm keep (written with
    /// <see cref="Data.H5ad.H5adWriter.Write(CellMatrix, string, CsrRowSpool)"/>).
    /// </summary>
    /// <param name="inputs">The species' cells; each input's <see cref="SpeciesData.LabelKey"/> names its labels.</param>
    /// <param name="labelKey">The obs column of the result that holds every input's labels.</param>
    /// <param name="x">Receives X row by row.</param>
    /// <returns>The integrated cells without X.</returns>
    /// <exception cref="UnknownSpeciesException">A species is not in the model.</exception>
    /// <exception cref="GeneOverlapException">Too few of a species' model genes.</exception>
    public CellMatrix Integrate(IReadOnlyList<SpeciesData> inputs, string labelKey, ICsrRowSink x)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentException.ThrowIfNullOrEmpty(labelKey);
        ArgumentNullException.ThrowIfNull(x);
        var parts = inputs.Select(input => (input.Species, Result: TransformInto(input.Species, input.Cells, null, x))).ToList();
        var count = parts.Sum(part => part.Result.Predictions.CellCount);
        var obs = new AnnotationTable([.. inputs.SelectMany(input => input.Cells.CellNames.Select(name => $"{input.Species}:{name}"))]);
        obs.Set(OutputKeys.Species, CategoricalColumn.FromValues([.. parts.SelectMany(part => Enumerable.Repeat<string?>(part.Species, part.Result.Predictions.CellCount))]));
        obs.Set(labelKey, CategoricalColumn.FromValues([.. inputs.SelectMany(Labels)]));
        WriteCalls(obs, Concatenate([.. parts.Select(part => part.Result.Predictions)]));
        var cells = CellMatrix.WithoutX(obs, new AnnotationTable(FeatureNames()), "the integrated cells");
        cells.Obsm[OutputKeys.IntegratedEmbedding] = new DenseMatrix(count, Manifest.EmbeddingDimensions, Concatenate(parts.Select(part => part.Result.Predictions.Embedding)));
        cells.Obsm[OutputKeys.BaselineEmbedding] = new DenseMatrix(count, parts.Count == 0 ? 0 : parts[0].Result.Pca.ColumnCount, Concatenate(parts.Select(part => part.Result.Pca.Values)));
        cells.Uns[OutputKeys.UnsPllm] = new Dictionary<string, object>(StringComparer.Ordinal) { [OutputKeys.UnsReferenceSpecies] = Manifest.ReferenceSpecies };
        return cells;
    }

    /// <summary>
    /// Writes a batch's calls into obs under the keys of <see cref="OutputKeys"/> — the one place they are written, for
    /// <c>pllm predict</c> (<see cref="Annotate(string, CellMatrix, CellMatrix?, PredictionOptions?)"/>) and <c>pllm run</c>'s
    /// <c>integrated.h5ad</c> (<see cref="Integrate(IReadOnlyList{SpeciesData}, string)"/>).
    /// </summary>
    private static void WriteCalls(AnnotationTable obs, CellPredictions predictions)
    {
        obs.Set(OutputKeys.PredictedCellType, CategoricalColumn.FromValues(predictions.CellTypes));
        obs.Set(OutputKeys.BestCellType, CategoricalColumn.FromValues(predictions.Labels));
        obs.Set(OutputKeys.PredictionSet, new StringColumn([.. predictions.PredictionSets.Select(set => string.Join('|', set))]));
        obs.Set(OutputKeys.RunnerUp, CategoricalColumn.FromValues(predictions.RunnersUp));
        obs.Set(OutputKeys.Confidence, new NumericColumn([.. predictions.Confidence.Select(value => (double)value)], NumericType.Float32));
        obs.Set(OutputKeys.CallStatus, CategoricalColumn.FromValues(predictions.CallStatus));
        if (predictions.MajorityVoting.Length == predictions.CellCount)
        {
            obs.Set(OutputKeys.MajorityVoting, CategoricalColumn.FromValues(predictions.MajorityVoting));
            obs.Set(OutputKeys.OverClustering, CategoricalColumn.FromValues([.. predictions.OverClustering.Select(cluster => cluster.ToString(System.Globalization.CultureInfo.InvariantCulture))]));
        }

        if (predictions.MappingDistances.Length == predictions.CellCount)
        {
            obs.Set(OutputKeys.MappingDistance, new NumericColumn([.. predictions.MappingDistances.Select(value => (double)value)], NumericType.Float32));
        }

        var classes = predictions.Classes.Count;
        for (var c = 0; c < classes; c++)
        {
            var column = new double[predictions.CellCount];
            for (var cell = 0; cell < predictions.CellCount; cell++)
            {
                column[cell] = predictions.Probabilities[(cell * classes) + c];
            }

            obs.Set(OutputKeys.ProbabilityPrefix + predictions.Classes[c], new NumericColumn(column, NumericType.Float32));
        }

        obs.Set(OutputKeys.Probability, new NumericColumn(BestProbabilities(predictions), NumericType.Float32));
    }

    /// <summary>Several batches' predictions as one (the species of <see cref="Integrate(IReadOnlyList{SpeciesData}, string)"/>, in order).</summary>
    private static CellPredictions Concatenate(IReadOnlyList<CellPredictions> parts)
    {
        var first = parts[0];
        var distances = parts.All(part => part.MappingDistances.Length == part.CellCount) ? parts.SelectMany(part => part.MappingDistances).ToArray() : [];
        return new CellPredictions(
            [.. parts.SelectMany(part => part.Embedding)], first.Dimensions, [.. parts.SelectMany(part => part.Labels)],
            [.. parts.SelectMany(part => part.Probabilities)], first.Classes, parts.Sum(part => part.GenesFound), parts.Sum(part => part.ModelGenes))
        {
            CellTypes = [.. parts.SelectMany(part => part.CellTypes)],
            PredictionSets = [.. parts.SelectMany(part => part.PredictionSets)],
            RunnersUp = [.. parts.SelectMany(part => part.RunnersUp)],
            Confidence = [.. parts.SelectMany(part => part.Confidence)],
            MappingDistances = distances,
            CallStatus = [.. parts.SelectMany(part => part.CallStatus)],
        };
    }

    private static float[] Concatenate(IEnumerable<float[]> parts)
    {
        var list = parts.ToList();
        var result = new float[list.Sum(part => (long)part.Length)];
        long offset = 0;
        foreach (var part in list)
        {
            part.CopyTo(result.AsSpan((int)offset));
            offset += part.Length;
        }

        return result;
    }

    private static void WriteCoverage(CellMatrix cells, GeneCoverage coverage)
    {
        // uns['pllm'] may hold what other steps wrote: merge into it.
        var pllm = cells.Uns.TryGetValue(OutputKeys.UnsPllm, out var existing) && existing is Dictionary<string, object> dictionary
            ? dictionary
            : new Dictionary<string, object>(StringComparer.Ordinal);
        cells.Uns[OutputKeys.UnsPllm] = pllm;
        var byspecies = pllm.TryGetValue(OutputKeys.UnsGeneCoverage, out var inner) && inner is Dictionary<string, object> innerDictionary
            ? innerDictionary
            : new Dictionary<string, object>(StringComparer.Ordinal);
        pllm[OutputKeys.UnsGeneCoverage] = byspecies;
        byspecies[coverage.Species] = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["loading_share"] = coverage.LoadingShare,
            ["variable_genes_found"] = (long)coverage.VariableGenesFound,
            ["variable_genes"] = (long)coverage.VariableGenes,
            ["model_genes_found"] = (long)coverage.ModelGenesFound,
            ["model_genes"] = (long)coverage.ModelGenes,
            ["library_share"] = coverage.LibraryShare,
            ["top_missing_genes"] = coverage.TopMissing.Select(gene => gene.Gene).ToArray(),
            ["top_missing_loading_shares"] = coverage.TopMissing.Select(gene => gene.LoadingShare).ToArray(),
        };
    }

    private static IEnumerable<string?> Labels(SpeciesData input) =>
        input.LabelKey is not null && input.Cells.Obs.TryGetColumn(input.LabelKey, out var column)
            ? Enumerable.Range(0, input.Cells.CellCount).Select(cell => column.FormatValue(cell) is { Length: > 0 } label ? label : null)
            : new string?[input.Cells.CellCount];

    private static double[] BestProbabilities(CellPredictions predictions)
    {
        var classes = predictions.Classes.Count;
        var best = new double[predictions.CellCount];
        for (var cell = 0; cell < best.Length; cell++)
        {
            for (var c = 0; c < classes; c++)
            {
                best[cell] = Math.Max(best[cell], predictions.Probabilities[(cell * classes) + c]);
            }
        }

        return best;
    }

    private string[] FeatureNames()
    {
        var reference = Manifest.Species.FirstOrDefault(species => species.Name == Manifest.ReferenceSpecies);
        return reference is not null && reference.ModelGenes.Count == Manifest.SharedFeatures
            ? [.. reference.ModelGenes]
            : [.. Enumerable.Range(0, Manifest.SharedFeatures).Select(feature => $"feature_{feature}")];
    }
}
