using Microsoft.ML.Data;

namespace PllmML.Transforms.SingleCell.Mappings;

/// <summary>
/// The part every format-2 stage mapping's output row shares: the per-cursor cache of species states. ML.NET creates
/// the output object once per cursor or prediction engine, so the cache lives exactly that long.
/// </summary>
internal abstract class CachedStageOutput
{
    /// <summary>The per-cursor state (not a column).</summary>
    [NoColumn]
    public SpeciesStateCache Cache { get; } = new();
}
