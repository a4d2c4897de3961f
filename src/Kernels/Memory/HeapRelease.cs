using System.Runtime;

namespace PllmML.Kernels.Memory;

/// <summary>
/// Gives the garbage of a finished phase back before the next one allocates. The collector frees large arrays only in
/// full collections, which it starts late on a machine with much memory: at atlas scale a phase would otherwise start on
/// top of the last one's gigabytes (a 1M-cell fit peaked at 15 GiB at the start of its calibration, 9.7 GiB after a
/// full collection a minute later).
/// </summary>
public static class HeapRelease
{
    /// <summary>A full, blocking collection that also compacts the large-object heap once.</summary>
    public static void Compact()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
