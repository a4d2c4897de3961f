namespace PllmML.Data.Tensors;

/// <summary>Sizes and file-format names of <see cref="TensorElementType"/>.</summary>
public static class TensorElementTypes
{
    /// <summary>Bytes per element.</summary>
    /// <param name="type">The element type.</param>
    public static int Size(TensorElementType type) => type switch
    {
        TensorElementType.F64 or TensorElementType.I64 => 8,
        TensorElementType.F32 or TensorElementType.I32 => 4,
        TensorElementType.F16 or TensorElementType.BF16 or TensorElementType.I16 => 2,
        _ => 1,
    };

    /// <summary>The safetensors <c>dtype</c> string (<c>F32</c>, <c>BF16</c>, …).</summary>
    /// <param name="type">The element type.</param>
    public static string SafetensorsName(TensorElementType type) => type switch
    {
        TensorElementType.F32 => "F32",
        TensorElementType.F16 => "F16",
        TensorElementType.BF16 => "BF16",
        TensorElementType.F64 => "F64",
        TensorElementType.I64 => "I64",
        TensorElementType.I32 => "I32",
        TensorElementType.I16 => "I16",
        TensorElementType.I8 => "I8",
        TensorElementType.U8 => "U8",
        _ => "BOOL",
    };

    /// <summary>Parses a safetensors <c>dtype</c> string.</summary>
    /// <param name="name">The string.</param>
    /// <param name="type">The element type.</param>
    /// <returns>False when the name is not one of the supported types.</returns>
    public static bool TryParseSafetensorsName(string name, out TensorElementType type)
    {
        foreach (var candidate in Enum.GetValues<TensorElementType>())
        {
            if (SafetensorsName(candidate) == name)
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }
}
