namespace PllmML.Data.Tensors;

/// <summary>The element types a stored tensor can have (the safetensors <c>dtype</c> names).</summary>
public enum TensorElementType
{
    /// <summary>32-bit IEEE float (<c>F32</c>, <c>torch.float32</c>).</summary>
    F32,

    /// <summary>16-bit IEEE float (<c>F16</c>, <c>torch.float16</c>).</summary>
    F16,

    /// <summary>bfloat16 (<c>BF16</c>, <c>torch.bfloat16</c>).</summary>
    BF16,

    /// <summary>64-bit IEEE float (<c>F64</c>, <c>torch.float64</c>).</summary>
    F64,

    /// <summary>64-bit signed integer (<c>I64</c>, <c>torch.int64</c>).</summary>
    I64,

    /// <summary>32-bit signed integer (<c>I32</c>, <c>torch.int32</c>).</summary>
    I32,

    /// <summary>16-bit signed integer (<c>I16</c>).</summary>
    I16,

    /// <summary>8-bit signed integer (<c>I8</c>).</summary>
    I8,

    /// <summary>8-bit unsigned integer (<c>U8</c>).</summary>
    U8,

    /// <summary>Boolean, one byte each (<c>BOOL</c>).</summary>
    Bool,
}
