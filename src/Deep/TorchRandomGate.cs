namespace PllmML.Deep;

/// <summary>
/// libtorch's default random generator is one per process. A fit seeds it, then draws its initial weights and every
/// step's noise from it, so two fits running at once in one process (a server, a test host, <c>Parallel.For</c> over
/// methods) would interleave their draws and neither would be repeatable: in CI a scVI fit gave other weights when
/// another fit ran beside it. Every fit holds this gate from seeding to its last draw.
/// </summary>
internal static class TorchRandomGate
{
    /// <summary>Held by a fit from <c>manual_seed</c> to its last draw (re-entrant: scANVI's pre-training is a scVI fit).</summary>
    public static readonly object Gate = new();
}
