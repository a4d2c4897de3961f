namespace PllmML.Pipeline.Species;

/// <summary>How a reference gene's cycle through the one-to-one maps ends.</summary>
public enum CycleStatus
{
    /// <summary>Back at the same gene.</summary>
    Closed,

    /// <summary>Back at another reference gene.</summary>
    Broken,

    /// <summary>A species on the way has no one-to-one partner.</summary>
    Incomplete,
}
