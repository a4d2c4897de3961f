using System.Numerics;
using System.Runtime.InteropServices;

namespace PllmML.Data.Tensors;

/// <summary>
/// Checks on tensors read from untrusted files: shapes whose element count fits the file, and values that are finite
/// (a NaN weight makes every embedding NaN without a word).
/// </summary>
public static class TensorChecks
{
    /// <summary>The element count of a shape, or null when an extent is negative or the product overflows.</summary>
    /// <param name="shape">The shape.</param>
    public static long? ElementCount(IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (var extent in shape)
        {
            if (extent < 0)
            {
                return null;
            }

            try
            {
                count = checked(count * extent);
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        return count;
    }

    /// <summary>Throws when a floating-point tensor holds a NaN or an infinity; integer tensors always pass.</summary>
    /// <param name="tensor">The tensor.</param>
    /// <param name="filePath">The file it came from.</param>
    /// <param name="name">The tensor's name in the file.</param>
    /// <exception cref="DataFormatException">A value is not finite; the message gives the first flat index.</exception>
    public static void RequireFinite(StoredTensor tensor, string filePath, string name)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.ElementType is not (TensorElementType.F32 or TensorElementType.F64 or TensorElementType.F16 or TensorElementType.BF16))
        {
            return;
        }

        var index = tensor.ElementType switch
        {
            TensorElementType.F64 => FirstNonFinite(MemoryMarshal.Cast<byte, double>(tensor.Data)),
            TensorElementType.F32 => FirstNonFinite(MemoryMarshal.Cast<byte, float>(tensor.Data)),
            _ => FirstNonFinite<float>(tensor.ToSingles()),
        };
        if (index >= 0)
        {
            throw new DataFormatException(filePath, $"tensor {name}",
                $"holds a non-finite value (NaN or infinity) at flat index {index} of {tensor.ShapeText}; the file is damaged or the training diverged");
        }
    }

    private static long FirstNonFinite<T>(ReadOnlySpan<T> values)
        where T : struct, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
