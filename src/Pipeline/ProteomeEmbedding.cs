using System.Globalization;
using PllmML.Data.Embeddings;
using PllmML.Data.Proteins;
using PllmML.Esm;
using PllmML.Esm.Embedding;
using PllmML.Esm.Genes;
using PllmML.Esm.Models;
using PllmML.Esm.Onnx;

namespace PllmML.Pipeline;

/// <summary>
/// One ESM-2 embedding session — the model loaded, the store open — that embeds proteins and turns them into protein
/// or gene tables with their metadata: the one path of <c>pllm embed</c> and of the run's embed stage.
/// </summary>
public sealed class ProteomeEmbedding : IDisposable
{
    private ProteomeEmbedding(IEsmEncoder model, EmbeddingStore store, ProteinEmbeddingOptions options, string checkpoint)
    {
        Model = model;
        Store = store;
        Options = options;
        Checkpoint = checkpoint;
        Embedder = new ProteinEmbedder(model, store, options);
    }

    /// <summary>The loaded model: an <see cref="EsmModel"/>, or an <see cref="EsmOnnxModel"/> for a <c>.onnx</c> file.</summary>
    public IEsmEncoder Model { get; }

    /// <summary>The store the embeddings go through.</summary>
    public EmbeddingStore Store { get; }

    /// <summary>Layers, batching, long sequences, shard.</summary>
    public ProteinEmbeddingOptions Options { get; }

    /// <summary>The resolved checkpoint.</summary>
    public string Checkpoint { get; }

    /// <summary>The embedder.</summary>
    public ProteinEmbedder Embedder { get; }

    /// <summary>Loads the model and opens the store.</summary>
    /// <param name="settings">Model, device, store, batching.</param>
    /// <exception cref="EsmDeviceException">The device is not available.</exception>
    public static ProteomeEmbedding Open(ProteomeEmbeddingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var checkpoint = EsmModelCatalog.Resolve(settings.Model);
        IEsmEncoder model = checkpoint.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)
            ? LoadOnnx(checkpoint, settings)
            : EsmModel.Load(checkpoint, new EsmModelOptions { Device = settings.Device, ThreadCount = settings.Threads, Precision = settings.Precision });
        EmbeddingStore? store = null;
        try
        {
            store = settings switch
            {
                { Store: null } => EmbeddingStore.InMemory(),
                { ExistingStoreOnly: true } => EmbeddingStore.OpenExisting(settings.Store),
                _ => EmbeddingStore.Open(settings.Store),
            };
            var options = new ProteinEmbeddingOptions
            {
                Layers = [settings.Layer], MaxTokens = settings.MaxTokens, LongSequences = settings.LongSequences, Shard = settings.Shard,
            };
            return new ProteomeEmbedding(model, store, options, checkpoint);
        }
        catch
        {
            store?.Dispose();
            model.Dispose();
            throw;
        }
    }

    private static EsmOnnxModel LoadOnnx(string path, ProteomeEmbeddingSettings settings) => settings.Precision == EsmPrecision.Fp32
        ? new EsmOnnxModel(path, settings.Threads, settings.Device)
        : throw new ArgumentException($"{path} is an ONNX export: it runs in the precision it was exported in; bf16 applies to checkpoints only.", nameof(settings));

    /// <summary>Embeds every distinct sequence that the store does not hold yet.</summary>
    /// <param name="proteins">The proteins.</param>
    /// <param name="progress">Sequences and residues done.</param>
    public EmbeddingRunSummary Embed(IReadOnlyList<ProteinRecord> proteins, IProgress<EmbeddingProgress>? progress = null) =>
        Embedder.Embed(proteins, progress);

    /// <summary>The proteins' table (one row per protein) or, with <paramref name="pooling"/>, the pooled genes.</summary>
    /// <param name="proteins">The proteins (embedded).</param>
    /// <param name="pooling">Gene pooling; null for a protein table.</param>
    /// <param name="geneKey">The header field naming the gene.</param>
    /// <param name="canonical">For canonical pooling: gene → protein id.</param>
    public (EmbeddingTable Table, GeneEmbeddingResult? Genes) Table(IReadOnlyList<ProteinRecord> proteins, GenePooling? pooling = null, GeneKey geneKey = GeneKey.Symbol,
        IReadOnlyDictionary<string, string>? canonical = null)
    {
        var table = Embedder.ProteinTable(proteins, Options.Layers[0]);
        if (pooling is not { } how)
        {
            return (table, null);
        }

        var genes = GenePooler.Pool(table, proteins, how, geneKey, canonical);
        return (genes.Genes, genes);
    }

    /// <summary>The metadata written with a table: model, its identity, layer, pooling of long sequences, level.</summary>
    /// <param name="pooling">Gene pooling; null for a protein table.</param>
    public Dictionary<string, string> Metadata(GenePooling? pooling) => new()
    {
        ["model"] = Model.Name, ["model_identity"] = Model.Identity, ["layer"] = Embedder.Layers[0].ToString(CultureInfo.InvariantCulture),
        ["pooling"] = Options.PoolingDescriptor, ["level"] = pooling is { } how ? "gene/" + how.ToString().ToLowerInvariant() : "protein",
    };

    /// <inheritdoc />
    public void Dispose()
    {
        Store.Dispose();
        Model.Dispose();
    }
}
