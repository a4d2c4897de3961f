using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace PllmML.Kernels.Memory;

/// <summary>
/// Software prefetch for loops that visit memory in an order known ahead but unpredictable to the hardware (a graph's
/// rows in random node order): a hint to bring an element's cache line in while earlier work proceeds. It changes no
/// value; on processors without the instruction it does nothing.
/// </summary>
public static class CachePrefetch
{
    /// <summary>Asks for the cache line holding <paramref name="array"/>[<paramref name="index"/>] (all cache levels).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="array">The array.</param>
    /// <param name="index">An index within the array (not checked: a prefetch of any address is harmless).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Line<T>(T[] array, int index)
        where T : unmanaged
    {
        if (Sse.IsSupported)
        {
            // The address is only a hint: a collection that moves the array in between costs a useless prefetch, nothing else.
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), index)));
        }
    }
}
