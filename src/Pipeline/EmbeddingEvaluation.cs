using PllmML.Data;
using PllmML.Data.H5ad;
using PllmML.Data.Orthologs;
using PllmML.Evaluation;
using PllmML.Homology.Comparison;
using PllmML.Kernels.Neighbors;

namespace PllmML.Pipeline;

/// <summary>
/// Scores an embedding stored in a cell file — scib metrics (beside an optional baseline), kNN and classifier label
/// transfer, abstention, gene-map quality, UMAP pictures — and writes <c>metrics.json</c>, the HTML report and the
/// pictures: the one path of <c>pllm evaluate</c> and of the run's evaluate stage.
/// </summary>
public static class EmbeddingEvaluation
{
    /// <summary>Reads the cells, evaluates and writes the files the settings name.</summary>
    /// <param name="settings">The cells, keys, optional parts and output files.</param>
    /// <param name="progress">Receives a description of each step as it starts.</param>
    /// <returns>The evaluation, as written.</returns>
    /// <exception cref="ArgumentException">
    /// Only one of <see cref="EmbeddingEvaluationSettings.GeneMapPath"/> and
    /// <see cref="EmbeddingEvaluationSettings.ReferenceMapPath"/>, both a gene-map file and a compared gene map, or
    /// trained-on batches without prediction keys.
    /// </exception>
    /// <exception cref="DataFormatException">
    /// The input cannot be read, or lacks the embedding, label, batch or prediction key (the message lists what it has).
    /// </exception>
    public static EvaluationResult Run(EmbeddingEvaluationSettings settings, Action<string>? progress = null)
    {
        var result = Evaluate(settings, progress);
        Write(result, settings);
        return result;
    }

    /// <summary>Reads the cells and evaluates, writing nothing (what <see cref="Run"/> does before it writes).</summary>
    /// <param name="settings">The cells, keys and optional parts; the output files are not used.</param>
    /// <param name="progress">Receives a description of each step as it starts.</param>
    /// <returns>The evaluation.</returns>
    /// <exception cref="ArgumentException">As <see cref="Run"/>.</exception>
    /// <exception cref="DataFormatException">As <see cref="Run"/>.</exception>
    public static EvaluationResult Evaluate(EmbeddingEvaluationSettings settings, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Validate(settings);
        progress?.Invoke($"Reading {settings.Input}");
        // The evaluation reads obs and obsm only: an h5ad's X, layers and raw (the part that grows with cells × genes) stay on disk.
        var cells = DataFiles.Detect(settings.Input) == DataFileKind.H5ad
            ? H5adReader.Read(settings.Input, new H5adReadOptions { ReadX = false, ReadLayers = false, ReadRaw = false })
            : DataFiles.ReadCells(settings.Input).Data;
        var (labelKey, batchKey) = (settings.LabelKey, settings.BatchKey);
        var integrated = EvaluationInput.FromCells(cells, settings.Embedding, labelKey, batchKey, settings.Input);
        var baseline = settings.Baseline is null ? null : EvaluationInput.FromCells(cells, settings.Baseline, labelKey, batchKey, settings.Input);
        var geneMap = settings.GeneMap ?? (settings.GeneMapPath is null
            ? null
            : MappingComparison.Compare(OrthologTableReader.Read(settings.GeneMapPath).Pairs, OrthologTableReader.Read(settings.ReferenceMapPath!).Pairs));
        var classified = settings.PredictionKeys.Count > 0;
        using var search = NeighborSearches.Create(settings.Cuda ? 0 : null, fallbackToCpu: true);
        if (settings.Cuda)
        {
            progress?.Invoke($"kNN searches on {search.DeviceName}");
        }

        var request = new EvaluationRequest(integrated)
        {
            NeighborSearch = search,
            Baseline = baseline,
            GeneMap = geneMap,
            Description = settings.Description ?? DefaultDescription(settings),
            DrawPictures = settings.DrawPictures ?? (settings.Report is not null || settings.Pictures is not null),
            Scib = new ScibOptions { Seed = settings.Seed },
            Umap = new UmapOptions { Seed = settings.Seed },
            Links = settings.Links,
            TransferNeighborCount = settings.TransferNeighborCount,
            Classifier = classified ? ClassifierPredictions.FromCells(cells, PredictionKey(cells, settings.PredictionKeys), settings.TrainedOn, settings.Input) : null,
            Calls = classified ? AnnotationCalls.FromCells(cells, labelKey, batchKey, settings.TrainedOn) : null,
        };
        return Evaluator.Run(request, progress);
    }

    /// <summary>Writes an evaluation to the files the settings name: <c>metrics.json</c>, the report and the pictures.</summary>
    /// <param name="result">The evaluation (with <see cref="EvaluationResult.Methods"/> when methods were compared).</param>
    /// <param name="settings">The output files.</param>
    public static void Write(EvaluationResult result, EmbeddingEvaluationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var path in new[] { settings.Output, settings.Report }.OfType<string>())
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }
        }

        EvaluationJson.Write(result, settings.Output);
        if (settings.Report is not null)
        {
            HtmlReport.Write(result, settings.Report);
        }

        if (settings.Pictures is not null)
        {
            Directory.CreateDirectory(settings.Pictures);
            foreach (var (name, png) in result.Pictures)
            {
                File.WriteAllBytes(Path.Combine(settings.Pictures, name), png);
            }
        }
    }

    private static void Validate(EmbeddingEvaluationSettings settings)
    {
        if ((settings.GeneMapPath is null) != (settings.ReferenceMapPath is null))
        {
            throw new ArgumentException("A gene map file and a reference map file go together.", nameof(settings));
        }

        if (settings.GeneMapPath is not null && settings.GeneMap is not null)
        {
            throw new ArgumentException("Either a gene map file or a compared gene map, not both.", nameof(settings));
        }

        if (settings.PredictionKeys.Count == 0 && settings.TrainedOn.Count > 0)
        {
            throw new ArgumentException("The batches a classifier was trained on need the obs column of its predictions.", nameof(settings));
        }
    }

    /// <summary>The first of the keys the cells have, else the last (whose absence the reader reports).</summary>
    private static string PredictionKey(CellMatrix cells, IReadOnlyList<string> keys) =>
        keys.FirstOrDefault(key => cells.Obs.TryGetColumn(key, out _)) ?? keys[^1];

    private static Dictionary<string, string> DefaultDescription(EmbeddingEvaluationSettings settings)
    {
        var description = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["input"] = settings.Input, ["embedding"] = settings.Embedding, ["baseline"] = settings.Baseline ?? "(none)",
            ["label key"] = settings.LabelKey, ["batch key"] = settings.BatchKey,
        };
        if (settings.GeneMapPath is not null)
        {
            description["gene map"] = settings.GeneMapPath;
            description["reference map"] = settings.ReferenceMapPath!;
        }

        return description;
    }
}
