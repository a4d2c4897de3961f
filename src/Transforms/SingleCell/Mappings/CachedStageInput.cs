using Microsoft.ML.Data;

namespace PllmML.Transforms.SingleCell.Mappings;

/// <summary>
/// The columns every format-2 stage mapping reads besides its data and its state column: the species, and the state
/// key that <see cref="StateKeyMapping"/> sets on the first row of each cursor.
/// </summary>
internal abstract class CachedStageInput
{
    /// <summary>The species.</summary>
    public string Species { get; set; } = string.Empty;

    /// <summary>The state key (<see cref="StateKeyMapping"/>).</summary>
    [ColumnName(StageChain.StateKeyColumn)]
    public string StateKey { get; set; } = string.Empty;
}
