using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PllmML.Data.Proteins;
using PllmML.Esm;
using PllmML.Esm.Checkpoints;
using PllmML.Esm.Embedding;

namespace PllmML.Benchmarks.Esm;

/// <summary>
/// Proteome embedding throughput on the CPU with 2 libtorch threads, random weights of real ESM-2 shapes, extract.py
/// settings (length-sorted batches of ≤ 4096 tokens, truncation 1022, mean of the last layer). Input: the bundled real
/// Orthobench proteins (data/proteins/human_mouse_refog_proteins.fa): the first 200 for t6_8M, the first 8 for
/// t33_650M, as in the peer measurements (shared/docs/peers.md). Residues/s = residues (after truncation) / mean time.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class EsmEmbeddingBenchmarks : IDisposable
{
    private EsmModel? _model;
    private List<ProteinRecord> _proteins = [];

    /// <summary>Model shape and attention kernel (the reference kernel only at t6_8M: t33_650M takes minutes a run).</summary>
    [Params("t6_8M/Fused", "t6_8M/Reference", "t33_650M/Fused")]
    public string Case { get; set; } = "t6_8M/Fused";

    private string Shape => Case.Split('/')[0];

    private EsmAttentionKernel Attention => Enum.Parse<EsmAttentionKernel>(Case.Split('/')[1]);

    [GlobalSetup]
    public void Setup()
    {
        var architecture = Shape == "t6_8M" ? new EsmArchitecture(6, 320, 20, 1280) : new EsmArchitecture(33, 1280, 20, 5120);
        using var checkpoint = EsmCheckpoint.CreateRandom(architecture);
        _model = new EsmModel(checkpoint, new EsmModelOptions { ThreadCount = 2, Attention = Attention });
        using var reader = new ProteinFastaReader(FindFasta());
        _proteins = reader.ReadRecords().Take(Shape == "t6_8M" ? 200 : 8).ToList();
        var residues = _proteins.Sum(p => Math.Min(p.Length, EsmAlphabet.DefaultTruncation));
        Console.WriteLine($"// {Shape}: {_proteins.Count} proteins, {residues} residues after truncation");
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _model?.Dispose();
        _model = null;
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public EmbeddingRunSummary EmbedProteome()
    {
        using var store = EmbeddingStore.InMemory();
        return new ProteinEmbedder(_model!, store).Embed(_proteins);
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
