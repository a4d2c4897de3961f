using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Data;
using PllmML.Data.Archives;
using PllmML.Kernels.Statistics;
using PllmML.Trainers.Integration;
using PllmML.Transforms.SingleCell;

namespace PllmML.Trainers.SingleCell;

/// <summary>
/// A fitted single-cell chain with its manifest: save it as one zip, load it (in any process), and annotate new
/// cells of any fitted species. Predicting is thread-safe: single cells and batches go through a pool of prediction
/// engines (one per concurrent caller); <see cref="Chain"/> also transforms whole data views.
/// </summary>
/// <remarks>
/// The zip is an ordinary ML.NET model: <c>mlContext.Model.Load(path, out _)</c> alone gives a working
/// <see cref="ITransformer"/> over <see cref="CellRow"/> inputs, with no registration (the stages' state lives in
/// ML.NET's <c>MapValue</c> tables and their math in custom mappings of this assembly, which ML.NET loads by name).
/// The extra entry <see cref="SingleCellManifest.EntryName"/> holds the manifest that <see cref="Load"/> checks.
/// </remarks>
public sealed partial class SingleCellModel
{
    private readonly MLContext _mlContext;
    private readonly EnginePool<CellPrediction> _engines;
    private readonly EnginePool<IntegratedCellOutput> _transformEngines;

    internal SingleCellModel(
        MLContext mlContext, ITransformer chain, DataViewSchema inputSchema, SingleCellManifest manifest, IReadOnlyList<StageTiming> timings, HarmonyResult? harmony,
        AnnotationReference? reference)
    {
        Reference = reference;
        _mlContext = mlContext;
        Chain = chain;
        InputSchema = inputSchema;
        _engines = new EnginePool<CellPrediction>(mlContext, chain, inputSchema);
        _transformEngines = new EnginePool<IntegratedCellOutput>(mlContext, chain, inputSchema);
        Manifest = manifest;
        Timings = timings;
        Harmony = harmony;
    }

    /// <summary>The ML.NET chain (all stages and the classifier).</summary>
    public ITransformer Chain { get; }

    /// <summary>The schema of the chain's input.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The manifest.</summary>
    public SingleCellManifest Manifest { get; }

    /// <summary>Per-stage fitting times (empty for a loaded model).</summary>
    public IReadOnlyList<StageTiming> Timings { get; }

    /// <summary>The Harmony run of the fitted cells (null for a loaded model).</summary>
    public HarmonyResult? Harmony { get; }

    /// <summary>Whether the model carries a prediction-set calibration (format 3 fitted with a coverage level); without one it predicts with confidence only.</summary>
    public bool IsCalibrated => Reference?.Calibration is not null;

    /// <summary>The reference means, gene weights and calibration of a format-3 model; null for older formats.</summary>
    internal AnnotationReference? Reference { get; }

    /// <summary>Saves the model as one zip: ML.NET's model plus the manifest entry.</summary>
    /// <param name="path">The zip path.</param>
    public void Save(string path)
    {
        _mlContext.Model.Save(Chain, InputSchema, path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.CreateEntry(SingleCellManifest.EntryName);
        using (var writer = new StreamWriter(entry.Open()))
        {
            writer.Write(Manifest.ToJson());
        }

        if (Reference is not null)
        {
            using var writer = new StreamWriter(zip.CreateEntry(AnnotationReference.EntryName).Open());
            writer.Write(Reference.ToJson());
        }
    }

    /// <summary>Loads a model saved by <see cref="Save"/>.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="path">The zip path.</param>
    /// <exception cref="ModelVersionException">The file has no manifest or one of another format version.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The zip is damaged (an entry fails its CRC-32 or size check) or ML.NET
    /// cannot rebuild the chain from it.</exception>
    public static SingleCellModel Load(MLContext mlContext, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such model file.", path);
        }

        VerifyEntries(path);
        var manifest = ReadManifest(path);
        ITransformer chain;
        DataViewSchema schema;
        try
        {
            chain = mlContext.Model.Load(path, out schema);
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException or IOException
            or InvalidDataException or ArgumentException or IndexOutOfRangeException or NullReferenceException
            or InvalidCastException or OverflowException or KeyNotFoundException or OutOfMemoryException
            or System.Reflection.TargetInvocationException)
        {
            // The entries passed their CRC-32s, so the damage was written with them (or by another writer).
            throw new ModelFormatException(path, "ML.NET chain",
                $"cannot be rebuilt ({exception.GetType().Name}: {exception.Message})", exception);
        }

        var reference = manifest.FormatVersion >= SingleCellManifest.FirstAnnotatedFormatVersion ? ReadReference(path, manifest) : null;
        var model = new SingleCellModel(mlContext, chain, schema, manifest, [], null, reference);
        model.CheckStateAgainstManifest(path);
        return model;
    }

    // A zip whose entries were changed and then re-checksummed passes VerifyEntries; its fitted state is only read when a
    // cell goes through the chain. One cell of ones per species does that at load, so damage is reported here, naming
    // the file, instead of failing (or predicting the wrong shape) at the first real prediction.
    private void CheckStateAgainstManifest(string path)
    {
        foreach (var species in Manifest.Species)
        {
            var ones = new float[species.ModelGenes.Count];
            Array.Fill(ones, 1f);
            CellPrediction prediction;
            try
            {
                prediction = Predict(new CellRow { Species = species.Name, Counts = new VBuffer<float>(ones.Length, ones) });
            }
            // DivideByZero and OutOfMemory ("array dimensions exceeded") come from sizes read out of the damaged state
            // for this one cell, not from the machine running short.
            catch (Exception exception) when (exception is InvalidDataException or ArgumentException or IndexOutOfRangeException
                or InvalidOperationException or InvalidCastException or OverflowException or KeyNotFoundException
                or DivideByZeroException or OutOfMemoryException)
            {
                throw new ModelFormatException(path, $"fitted state of species '{species.Name}'",
                    $"does not fit the manifest ({exception.GetType().Name}: {exception.Message})", exception);
            }

            if (prediction.Embedding.Length != Manifest.EmbeddingDimensions || prediction.Probabilities.Length != Manifest.Labels.Count)
            {
                throw new ModelFormatException(path, $"fitted state of species '{species.Name}'",
                    $"predicts {prediction.Embedding.Length} embedding dimensions and {prediction.Probabilities.Length} label probabilities; "
                    + $"the manifest says {Manifest.EmbeddingDimensions} and {Manifest.Labels.Count}");
            }
        }
    }

    private static void VerifyEntries(string path)
    {
        using var zip = OpenModelZip(path);
        try
        {
            ZipEntryReader.VerifyAll(zip, path);
        }
        catch (DataFormatException exception)
        {
            throw new ModelFormatException(path, exception.Location, exception.Problem, exception);
        }
    }

    private static ZipArchive OpenModelZip(string path)
    {
        try
        {
            return ZipEntryReader.Open(path, "model zip");
        }
        catch (DataFormatException exception)
        {
            throw new ModelVersionException(path, $"not a model zip ({exception.Problem})");
        }
    }

    private static AnnotationReference ReadReference(string path, SingleCellManifest manifest)
    {
        AnnotationReference reference;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var entry = zip.GetEntry(AnnotationReference.EntryName)
                ?? throw new ModelFormatException(path, AnnotationReference.EntryName, $"is missing; a format-{manifest.FormatVersion} model must have it");
            using var reader = new StreamReader(entry.Open());
            reference = AnnotationReference.FromJson(reader.ReadToEnd());
        }
        catch (System.Text.Json.JsonException exception)
        {
            throw new ModelFormatException(path, AnnotationReference.EntryName, $"is not valid JSON ({exception.Message})", exception);
        }

        var genes = reference.VariableFeatures.Length;
        var problem = reference.ImputedLogValues.Length != genes || reference.LoadingShares.Length != genes ? "per-gene arrays of different lengths"
            : Array.Exists(reference.VariableFeatures, feature => feature < 0 || feature >= manifest.SharedFeatures) ? "a variable feature outside the shared features"
            : !(reference.TargetSum > 0) ? "a target sum that is not positive"
            : Array.Exists(reference.ImputedLogValues, value => !float.IsFinite(value)) ? "a reference value that is not finite"
            : manifest.Species.Any(species => reference.Species.FirstOrDefault(part => part.Name == species.Name) is not { } part
                || part.LibraryShares.Length != manifest.SharedFeatures || part.SourceGenes.Length != part.TargetFeatures.Length
                || Array.Exists(part.SourceGenes, gene => gene < 0 || gene >= species.ModelGenes.Count)
                || Array.Exists(part.TargetFeatures, feature => feature < 0 || feature >= manifest.SharedFeatures)) ? "a species whose gene map does not fit the manifest"
            : reference.Calibration?.Problem(manifest.Labels.Count, manifest.EmbeddingDimensions, manifest.SharedFeatures);
        return problem is null ? reference : throw new ModelFormatException(path, AnnotationReference.EntryName, $"has {problem}");
    }

    /// <summary>Reads and checks the manifest of a model zip.</summary>
    /// <param name="path">The zip path.</param>
    /// <exception cref="ModelVersionException">No manifest, or a format version this library cannot read.</exception>
    public static SingleCellManifest ReadManifest(string path)
    {
        SingleCellManifest manifest;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var entry = zip.GetEntry(SingleCellManifest.EntryName)
                ?? throw new ModelVersionException(path, $"not a PllmML single-cell model (no {SingleCellManifest.EntryName} entry)");
            using var reader = new StreamReader(entry.Open());
            manifest = SingleCellManifest.FromJson(reader.ReadToEnd());
        }
        catch (InvalidDataException exception)
        {
            throw new ModelVersionException(path, $"not a model zip ({exception.Message})");
        }
        catch (System.Text.Json.JsonException exception)
        {
            throw new ModelVersionException(path, $"the manifest is not valid JSON ({exception.Message})");
        }

        if (manifest.FormatVersion is < SingleCellManifest.OldestReadableFormatVersion or > SingleCellManifest.CurrentFormatVersion)
        {
            throw new ModelVersionException(path, $"model format version {manifest.FormatVersion} (written by PllmML {manifest.LibraryVersion}); "
                + $"this PllmML ({typeof(SingleCellModel).Assembly.GetName().Version?.ToString(3)}) reads versions {SingleCellManifest.OldestReadableFormatVersion} to {SingleCellManifest.CurrentFormatVersion}");
        }

        return manifest;
    }

    /// <summary>Turns a species' cells into model input rows, checking the species and the gene overlap.</summary>
    /// <param name="species">The species.</param>
    /// <param name="cells">Raw counts with gene names.</param>
    /// <exception cref="UnknownSpeciesException">The species is not in the model.</exception>
    /// <exception cref="GeneOverlapException">Too few of the model's genes.</exception>
    public (CellRow[] Rows, int GenesFound, int ModelGenes) ToRows(string species, CellMatrix cells)
    {
        var (rows, found, modelGenes, _) = ToRows(species, cells, null);
        return (rows, found, modelGenes);
    }

    /// <summary>
    /// Turns a species' cells into model input rows: genes the query did not measure are filled with the reference mean
    /// (format 3), and the query's coverage of the model's variable genes is judged by their loading mass.
    /// </summary>
    /// <param name="species">The species.</param>
    /// <param name="cells">Raw counts with gene names.</param>
    /// <param name="options">Prediction settings; null for the model's.</param>
    /// <exception cref="UnknownSpeciesException">The species is not in the model.</exception>
    /// <exception cref="GeneOverlapException">The query measured too little of what the model reads.</exception>
    public (CellRow[] Rows, int GenesFound, int ModelGenes, GeneCoverage? Coverage) ToRows(string species, CellMatrix cells, PredictionOptions? options)
    {
        var (rows, alignment, coverage) = AlignedRows(species, cells, options);
        return (rows, alignment.Found, alignment.ModelGenes, coverage);
    }

    private (CellRow[] Rows, GeneAlignment Alignment, GeneCoverage? Coverage) AlignedRows(string species, CellMatrix cells, PredictionOptions? options)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var (alignment, fill) = Alignment(species, cells.GeneNames, options ?? new PredictionOptions());
        return (RowsOf(species, cells, alignment, fill, 0, cells.CellCount), alignment, fill?.Coverage);
    }

    /// <summary>Cells <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1 as the model reads them.</summary>
    private static CellRow[] RowsOf(string species, CellMatrix cells, GeneAlignment alignment, PartialGeneFill? fill, int start, int count)
    {
        var (block, offset) = CountsOf(cells, start, count);
        var rows = new CellRow[count];
        for (var cell = 0; cell < count; cell++)
        {
            var counts = alignment.Row(block, offset + cell);
            rows[cell] = new CellRow { Species = species, Counts = fill is null ? counts : fill.Fill(counts) };
        }

        return rows;
    }

    /// <summary>
    /// The counts of cells <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1 and the
    /// first one's row in them: counts in memory are read in place, counts on disk are read for these cells alone.
    /// </summary>
    private static (CsrMatrix Block, int Offset) CountsOf(CellMatrix cells, int start, int count) =>
        cells.Rows is CsrMatrix x ? (x, start) : (cells.Rows.ReadRows(start, count), 0);

    /// <summary>
    /// Makes scorers of a species' cells on each type's marker program (one per thread; NaN where the query measured
    /// none of a program's genes). Null for a model without marker programs.
    /// </summary>
    private Func<MarkerProgramScorer>? ProgramScorers(string species, GeneAlignment alignment)
    {
        if (Reference is not { Calibration: { HasMarkers: true } calibration } reference)
        {
            return null;
        }

        var part = reference.Species.First(entry => entry.Name == species);
        var features = Manifest.SharedFeatures;
        var measured = new bool[features];
        for (var entry = 0; entry < part.SourceGenes.Length; entry++)
        {
            measured[part.TargetFeatures[entry]] |= alignment.IsMeasured(part.SourceGenes[entry]);
        }

        return () => new MarkerProgramScorer(part, features, measured, calibration.Markers, reference.TargetSum);
    }

    /// <summary>Predicts a batch of cells of one species; safe to call from many threads at once.</summary>
    /// <param name="species">The species.</param>
    /// <param name="cells">Raw counts with gene names.</param>
    /// <remarks>
    /// The cells go one by one through pooled prediction engines (one per thread, blocks of 1,024 cells on up to
    /// <see cref="PredictionOptions.MaxThreads"/> threads), straight into the result arrays: the same mappings as
    /// <see cref="ITransformer.Transform"/> with the same results (tested), without ML.NET's cursor machinery per batch
    /// or an output object per cell.
    /// </remarks>
    public CellPredictions Predict(string species, CellMatrix cells) => Predict(species, cells, null);

    /// <summary>Predicts a batch of cells of one species with prediction settings; safe to call from many threads at once.</summary>
    /// <param name="species">The species.</param>
    /// <param name="cells">Raw counts with gene names.</param>
    /// <param name="options">Prediction settings; null for the model's.</param>
    /// <exception cref="UnknownSpeciesException">The species is not in the model.</exception>
    /// <exception cref="GeneOverlapException">The query measured too little of what the model reads.</exception>
    public CellPredictions Predict(string species, CellMatrix cells, PredictionOptions? options)
    {
        options ??= new PredictionOptions();
        var predictions = RunSpecies(_engines, species, cells, options);
        return options.MajorityVoting ? SingleCell.MajorityVoting.Apply(predictions, seed: 0) : predictions;
    }

    /// <summary>
    /// The one per-cell loop of <see cref="Predict(string, CellMatrix, PredictionOptions?)"/>,
    /// <see cref="Transform(string, CellMatrix, PredictionOptions?)"/> and <see cref="Integrate(IReadOnlyList{SpeciesData}, string, ICsrRowSink)"/>:
    /// one species' cells, a block of <see cref="CellBlock"/> at a time, go one by one through an engine rented from
    /// <paramref name="engines"/>, straight into the result arrays; <paramref name="keeper"/> keeps what else an output
    /// class carries. Blocks run on up to <see cref="PredictionOptions.MaxThreads"/> threads, each with its own engine and
    /// scorer. What a cell needs beyond its results lives for one block only, and the calls (which standardise over the
    /// whole batch) are made once every cell is through.
    /// </summary>
    private CellPredictions RunSpecies<TOutput>(
        EnginePool<TOutput> engines, string species, CellMatrix cells, PredictionOptions options, ICellKeeper<TOutput>? keeper = null)
        where TOutput : class, ICellOutput, new()
    {
        ArgumentNullException.ThrowIfNull(cells);
        var (alignment, fill) = Alignment(species, cells.GeneNames, options);
        var n = cells.CellCount;
        var d = Manifest.EmbeddingDimensions;
        var classes = Manifest.Labels.Count;
        var embedding = new float[checked((long)n * d)];
        var probabilities = new float[checked((long)n * classes)];
        var labels = new string[n];
        var scorers = ProgramScorers(species, alignment);
        var programScores = scorers is null ? null : new float[checked((long)n * Reference!.Calibration!.Markers.Count)];
        // One input row per thread, its count arrays reused cell after cell (the engine copies what it reads).
        void RunBlock(int start, PredictionEngine<CellRow, TOutput> engine, TOutput output, MarkerProgramScorer? scorer, CellRow row)
        {
            var count = Math.Min(CellBlock, n - start);
            var (block, offset) = CountsOf(cells, start, count);
            var aligned = row.Counts;
            for (var r = 0; r < count; r++)
            {
                var cell = start + r;
                alignment.Row(block, offset + r, ref aligned);
                row.Counts = fill is null ? aligned : fill.Fill(aligned);
                engine.Predict(row, ref output);
                output.Embedding.AsSpan(0, d).CopyTo(embedding.AsSpan(cell * d, d));
                output.Probabilities.AsSpan(0, classes).CopyTo(probabilities.AsSpan(cell * classes, classes));
                labels[cell] = output.PredictedLabel;
                keeper?.Keep(cell, output);
                if (output is IntegratedCellOutput integrated)
                {
                    scorer?.Score(row, integrated.SharedCounts, cell, programScores!);
                }
                else
                {
                    scorer?.Score(row, cell, programScores!);
                }
            }

            row.Counts = aligned;
            keeper?.BlockDone(start, count);
        }

        var blocks = (n + CellBlock - 1) / CellBlock;
        var threads = Math.Min(options.MaxThreads ?? Environment.ProcessorCount, blocks);
        if (threads > 1)
        {
            // Blocks write disjoint slices of the results, so any schedule gives the same arrays. They are handed out in
            // order, one at a time, so what a keeper holds until the blocks before it are done stays a few blocks.
            Parallel.ForEach(
                Partitioner.Create(Enumerable.Range(0, blocks), EnumerablePartitionerOptions.NoBuffering),
                new ParallelOptions { MaxDegreeOfParallelism = threads },
                () => (Engine: engines.Rent(), Output: new TOutput(), Scorer: scorers?.Invoke(), Row: new CellRow { Species = species }),
                (block, _, local) =>
                {
                    RunBlock(block * CellBlock, local.Engine, local.Output, local.Scorer, local.Row);
                    return local;
                },
                local => engines.Return(local.Engine));
        }
        else
        {
            var engine = engines.Rent();
            try
            {
                var output = new TOutput();
                var scorer = scorers?.Invoke();
                var row = new CellRow { Species = species };
                for (var start = 0; start < n; start += CellBlock)
                {
                    RunBlock(start, engine, output, scorer, row);
                }
            }
            finally
            {
                engines.Return(engine);
            }
        }

        var predictions = new CellPredictions(embedding, d, labels, probabilities, Manifest.Labels, alignment.Found, alignment.ModelGenes) { GeneCoverage = fill?.Coverage };
        return CellTypeCaller.Call(predictions, Reference?.Calibration, options, programScores);
    }

    /// <summary>Cells aligned to the model's genes at a time: the aligned (possibly filled, dense) rows live for one block.</summary>
    private const int CellBlock = 1024;

    /// <summary>Predicts one cell; safe to call from many threads at once.</summary>
    /// <param name="cell">The cell, counts in the species' model gene order.</param>
    /// <exception cref="UnknownSpeciesException">The species is not in the model.</exception>
    public CellPrediction Predict(CellRow cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (!Manifest.BySpecies.ContainsKey(cell.Species))
        {
            throw new UnknownSpeciesException(cell.Species, [.. Manifest.Species.Select(s => s.Name)]);
        }

        var engine = _engines.Rent();
        try
        {
            var prediction = new CellPrediction();
            engine.Predict(cell, ref prediction);
            return new CellPrediction
            {
                Embedding = [.. prediction.Embedding],
                PredictedLabel = prediction.PredictedLabel,
                Probabilities = [.. prediction.Probabilities],
            };
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    private (GeneAlignment Alignment, PartialGeneFill? Fill) Alignment(string species, IReadOnlyList<string> genes, PredictionOptions options)
    {
        if (!Manifest.BySpecies.TryGetValue(species, out var entry))
        {
            throw new UnknownSpeciesException(species, [.. Manifest.Species.Select(s => s.Name)]);
        }

        var alignment = GeneAlignment.Of(genes, entry.ModelGenes);
        if (Reference is null)
        {
            // Formats 1 and 2 know no gene weights: the share of model genes decides, and missing genes stay zero.
            if (alignment.Found < Manifest.MinimumGeneOverlap * alignment.ModelGenes)
            {
                throw new GeneOverlapException(species, alignment.Found, alignment.ModelGenes, Manifest.MinimumGeneOverlap);
            }

            return (alignment, null);
        }

        var fill = PartialGeneFill.Of(Reference, species, entry.ModelGenes, alignment, options);
        var minimum = options.MinimumGeneCoverage ?? Manifest.MinimumGeneCoverage;
        if (fill.Coverage.LoadingShare < minimum)
        {
            throw new GeneOverlapException(fill.Coverage, minimum);
        }

        return (alignment, fill);
    }
}
