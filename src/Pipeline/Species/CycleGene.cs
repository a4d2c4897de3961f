namespace PllmML.Pipeline.Species;

/// <summary>One reference gene followed around the species cycle.</summary>
/// <param name="Chain">The reference gene, then its partner in each species in turn (and, when complete, the reference gene the cycle returns to).</param>
/// <param name="Status">Whether the cycle closes.</param>
public sealed record CycleGene(IReadOnlyList<string> Chain, CycleStatus Status);
