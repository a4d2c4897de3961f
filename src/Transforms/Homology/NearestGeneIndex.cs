using System.Text;
using PllmML.Kernels.Similarity;

namespace PllmML.Transforms.Homology;

/// <summary>
/// The fitted state of <see cref="NearestGeneMappingEstimator"/>: the species-B genes, their embeddings (kept raw so
/// that a reload normalises them identically) and the search settings.
/// </summary>
internal sealed class NearestGeneIndex
{
    // *** Binary format (version 1) ***
    // 8 bytes: "PLLMNGM1"; int: metric (0 cosine, 1 pearson); int: k; int: gene count M; int: width W;
    // M strings (BinaryWriter length-prefixed UTF-8); M × W floats (raw embeddings, row-major).
    private const string Magic = "PLLMNGM1";

    private readonly float[] _raw;

    public NearestGeneIndex(string[] genes, float[] raw, int width, SimilarityMetric metric, int k)
    {
        Genes = genes;
        _raw = raw;
        Width = width;
        Metric = metric;
        K = k;
        Vectors = UnitEmbeddingPair.Create([], 0, raw, genes.Length, width, metric);
    }

    public string[] Genes { get; }

    public int Width { get; }

    public SimilarityMetric Metric { get; }

    public int K { get; }

    public UnitEmbeddingPair Vectors { get; }

    /// <summary>The best <see cref="K"/> B genes of one species-A embedding (score desc, then index asc).</summary>
    public void Map(NearestGeneInput input, NearestGeneOutput output)
    {
        var query = input.Embedding ?? [];
        var scores = new float[Genes.Length];
        Vectors.ScoreQuery(query, scores);
        var top = new TopKLists(1, Math.Min(K, Genes.Length));
        for (var gene = 0; gene < scores.Length; gene++)
        {
            top.Offer(0, gene, scores[gene]);
        }

        var (best, bestScores) = (top.Indices, top.Scores);

        output.MatchedGene = Genes[best[0]];
        output.Score = bestScores[0];
        output.MatchedGenes = best.Select(gene => Genes[gene]).ToArray();
        output.MatchedScores = bestScores;
    }

    public void Write(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Encoding.ASCII.GetBytes(Magic));
        writer.Write((int)Metric);
        writer.Write(K);
        writer.Write(Genes.Length);
        writer.Write(Width);
        foreach (var gene in Genes)
        {
            writer.Write(gene);
        }

        foreach (var value in _raw)
        {
            writer.Write(value);
        }
    }

    public static NearestGeneIndex Read(Stream stream, string source)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var magic = Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length));
        if (magic != Magic)
        {
            throw new InvalidDataException($"{source}: not a PllmML nearest-gene index (header '{magic}', expected {Magic}).");
        }

        var metric = (SimilarityMetric)reader.ReadInt32();
        var k = reader.ReadInt32();
        var count = reader.ReadInt32();
        var width = reader.ReadInt32();
        var genes = new string[count];
        for (var i = 0; i < count; i++)
        {
            genes[i] = reader.ReadString();
        }

        var raw = new float[(long)count * width];
        for (var i = 0; i < raw.Length; i++)
        {
            raw[i] = reader.ReadSingle();
        }

        return new NearestGeneIndex(genes, raw, width, metric, k);
    }
}
