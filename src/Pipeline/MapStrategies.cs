using PllmML.Homology.Embeddings;

namespace PllmML.Pipeline;

/// <summary>The names of the set-level map strategies, as configs and the command line spell them.</summary>
public static class MapStrategies
{
    /// <summary>mbh, greedy, stable, many.</summary>
    public static IReadOnlyList<string> Names { get; } = ["mbh", "greedy", "stable", "many"];

    /// <summary>The strategy of a name of <see cref="Names"/>.</summary>
    /// <param name="name">mbh, greedy, stable or many.</param>
    /// <exception cref="ArgumentOutOfRangeException">Another name.</exception>
    public static EmbeddingStrategy Parse(string name) => name switch
    {
        "mbh" => EmbeddingStrategy.MutualBestHits,
        "greedy" => EmbeddingStrategy.Greedy,
        "stable" => EmbeddingStrategy.Stable,
        "many" => EmbeddingStrategy.ManyToMany,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, $"expected {string.Join(", ", Names)}"),
    };
}
