using PllmML.Data.Proteins;
using PllmML.Esm;
using PllmML.Esm.Checkpoints;
using PllmML.Esm.Embedding;

namespace PllmML.Benchmarks.Esm;

/// <summary>
/// Proteome embedding throughput on the CPU with 2 libtorch threads, random weights of a real ESM-2 shape, extract.py
/// settings (length-sorted batches of ≤ 4096 tokens, truncation 1022, mean of the last layer). Input: the bundled real
/// Orthobench proteins (data/proteins/human_mouse_refog_proteins.fa). Residues/s = residues (after truncation) / time.
/// Runs in process: libtorch's native libraries (and the build's GLIBCXX fix-up) live in this project's output.
/// </summary>
public abstract class EsmEmbeddingBenchmarkBase : IDisposable
{
    private EsmModel? _model;
    private List<ProteinRecord> _proteins = [];

    /// <summary>The proteome embedding: a fresh in-memory store each time, so everything is computed.</summary>
    public EmbeddingRunSummary EmbedProteome()
    {
        using var store = EmbeddingStore.InMemory();
        return new ProteinEmbedder(_model!, store).Embed(_proteins);
    }

    /// <summary>Releases the model.</summary>
    public void Dispose()
    {
        _model?.Dispose();
        _model = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>Builds the model and reads the proteins.</summary>
    protected void Setup(string shape, EsmArchitecture architecture, EsmAttentionKernel attention, int proteins)
    {
        using var checkpoint = EsmCheckpoint.CreateRandom(architecture);
        _model = new EsmModel(checkpoint, new EsmModelOptions { ThreadCount = 2, Attention = attention });
        using var reader = new ProteinFastaReader(FindFasta());
        _proteins = reader.ReadRecords().Take(proteins).ToList();
        var residues = _proteins.Sum(p => Math.Min(p.Length, EsmAlphabet.DefaultTruncation));
        Console.WriteLine($"// {shape} {attention}: {_proteins.Count} proteins, {residues} residues after truncation");
    }

    private static string FindFasta()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var path = Path.Combine(folder.FullName, "data", "proteins", "human_mouse_refog_proteins.fa");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("data/proteins/human_mouse_refog_proteins.fa not found above " + AppContext.BaseDirectory);
    }
}
