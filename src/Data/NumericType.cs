namespace PllmML.Data;

// The members carry numpy's dtype names on purpose: users read them next to h5py/anndata output.
#pragma warning disable CA1720

/// <summary>The element type a numeric column had on disk; writers use it to give the column back unchanged.</summary>
public enum NumericType
{
    /// <summary>64-bit floating point (numpy <c>float64</c>).</summary>
    Float64,

    /// <summary>32-bit floating point (numpy <c>float32</c>).</summary>
    Float32,

    /// <summary>64-bit signed integer (numpy <c>int64</c>).</summary>
    Int64,

    /// <summary>32-bit signed integer (numpy <c>int32</c>).</summary>
    Int32,

    /// <summary>16-bit signed integer (numpy <c>int16</c>).</summary>
    Int16,

    /// <summary>8-bit signed integer (numpy <c>int8</c>).</summary>
    Int8,

    /// <summary>64-bit unsigned integer (numpy <c>uint64</c>).</summary>
    UInt64,

    /// <summary>32-bit unsigned integer (numpy <c>uint32</c>).</summary>
    UInt32,

    /// <summary>16-bit unsigned integer (numpy <c>uint16</c>).</summary>
    UInt16,

    /// <summary>8-bit unsigned integer (numpy <c>uint8</c>).</summary>
    UInt8,
}
#pragma warning restore CA1720
