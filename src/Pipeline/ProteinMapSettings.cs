using PllmML.Homology.Embeddings;

namespace PllmML.Pipeline;

/// <summary>What <see cref="ProteinMap.Run"/> maps: two embedding files, the search and the set-level strategy.</summary>
public sealed class ProteinMapSettings
{
    /// <summary>Species A's gene (or protein) embeddings (TSV or safetensors).</summary>
    public required string From { get; init; }

    /// <summary>Species B's embeddings.</summary>
    public required string To { get; init; }

    /// <summary>Species A's name, written in the pairs' table.</summary>
    public required string SpeciesA { get; init; }

    /// <summary>Species B's name.</summary>
    public required string SpeciesB { get; init; }

    /// <summary>The pairs CSV to write.</summary>
    public required string Output { get; init; }

    /// <summary>A name of <see cref="MapStrategies.Names"/>.</summary>
    public string Strategy { get; init; } = "greedy";

    /// <summary>A name of <see cref="ProteinMap.Metrics"/>: pearson (centred cosine, the original's) or cosine.</summary>
    public string Metric { get; init; } = "pearson";

    /// <summary>Neighbours kept per gene of either side (at least 1).</summary>
    public int TopK { get; init; } = GeneSimilarityOptions.Defaults.TopK;

    /// <summary>Pairs scoring below this are dropped; null keeps all.</summary>
    public float? MinScore { get; init; }

    /// <summary>Search on the first CUDA device when there is one (the CPU kernel otherwise).</summary>
    public bool Cuda { get; init; }

    /// <summary>For greedy: every top-k pair or only mutual best hits as candidates.</summary>
    public GreedyCandidates Candidates { get; init; } = GreedyCandidates.TopK;

    /// <summary>CPU threads; null for all cores.</summary>
    public int? Threads { get; init; }
}
