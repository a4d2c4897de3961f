using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace PllmML.Data.Tensors;

/// <summary>
/// A tensor as a checkpoint or embedding file stores it: element type, shape and the raw little-endian bytes
/// (row-major, contiguous). Conversions to .NET arrays widen half precision and bfloat16 exactly.
/// </summary>
public sealed class StoredTensor
{
    /// <summary>Wraps raw bytes; the array is taken over, not copied.</summary>
    /// <param name="elementType">The element type.</param>
    /// <param name="shape">The shape (empty for a scalar).</param>
    /// <param name="data">Row-major little-endian bytes, element count × element size long.</param>
    /// <exception cref="ArgumentException">The byte count does not match the shape.</exception>
    public StoredTensor(TensorElementType elementType, long[] shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        ElementType = elementType;
        Shape = shape;
        Data = data;
        var expected = ElementCount * TensorElementTypes.Size(elementType);
        if (data.LongLength != expected)
        {
            throw new ArgumentException(
                $"{data.LongLength} bytes for shape [{string.Join(", ", shape)}] of {elementType}, expected {expected}.",
                nameof(data));
        }
    }

    /// <summary>The element type.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>The shape.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The raw little-endian bytes.</summary>
    public byte[] Data { get; }

    /// <summary>The number of elements (the product of the shape).</summary>
    public long ElementCount => Shape.Aggregate(1L, (product, size) => product * size);

    /// <summary>The shape as text, <c>[33, 320]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    /// <summary>A float32 tensor from values.</summary>
    /// <param name="values">Row-major values.</param>
    /// <param name="shape">The shape.</param>
    public static StoredTensor FromSingles(ReadOnlySpan<float> values, params long[] shape) =>
        new(TensorElementType.F32, shape, MemoryMarshal.AsBytes(values).ToArray());

    /// <summary>An int64 tensor from values.</summary>
    /// <param name="values">Row-major values.</param>
    /// <param name="shape">The shape.</param>
    public static StoredTensor FromInt64s(ReadOnlySpan<long> values, params long[] shape) =>
        new(TensorElementType.I64, shape, MemoryMarshal.AsBytes(values).ToArray());

    /// <summary>The values as float32 (floating types widened or narrowed, integers converted).</summary>
    public float[] ToSingles()
    {
        var count = checked((int)ElementCount);
        var result = new float[count];
        var bytes = Data.AsSpan();
        switch (ElementType)
        {
            case TensorElementType.F32:
                MemoryMarshal.Cast<byte, float>(bytes).CopyTo(result);
                break;
            case TensorElementType.F16:
                for (var i = 0; i < count; i++)
                {
                    result[i] = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]));
                }

                break;
            case TensorElementType.BF16:
                for (var i = 0; i < count; i++)
                {
                    result[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]) << 16);
                }

                break;
            case TensorElementType.F64:
                var doubles = MemoryMarshal.Cast<byte, double>(bytes);
                for (var i = 0; i < count; i++)
                {
                    result[i] = (float)doubles[i];
                }

                break;
            default:
                var integers = ToInt64s();
                for (var i = 0; i < count; i++)
                {
                    result[i] = integers[i];
                }

                break;
        }

        return result;
    }

    /// <summary>The values as int64 (integer and boolean types only).</summary>
    /// <exception cref="InvalidOperationException">The tensor holds floating-point values.</exception>
    public long[] ToInt64s()
    {
        var count = checked((int)ElementCount);
        var bytes = Data.AsSpan();
        var result = new long[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = ElementType switch
            {
                TensorElementType.I64 => BinaryPrimitives.ReadInt64LittleEndian(bytes[(8 * i)..]),
                TensorElementType.I32 => BinaryPrimitives.ReadInt32LittleEndian(bytes[(4 * i)..]),
                TensorElementType.I16 => BinaryPrimitives.ReadInt16LittleEndian(bytes[(2 * i)..]),
                TensorElementType.I8 => (sbyte)bytes[i],
                TensorElementType.U8 or TensorElementType.Bool => bytes[i],
                _ => throw new InvalidOperationException($"A {ElementType} tensor has no integer values."),
            };
        }

        return result;
    }
}
