using TorchSharp;
using static TorchSharp.torch;

namespace PllmML.TorchInterop;

/// <summary>
/// Tensor arithmetic whose scalars live until libtorch has read them.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 passes a <see cref="Scalar"/> to libtorch as a bare handle. A scalar made on the fly (a number
/// converted implicitly, or the alpha = 1 that <c>a + b</c> and <c>a - b</c> create inside TorchSharp) is unreachable
/// once its handle is read, so a garbage collection started by another thread can run its finalizer and free the
/// native scalar while libtorch still reads it (dotnet/TorchSharp#1434; seen in CI as "Expected false to be true" from
/// <c>c10::Scalar::toFloat</c> during scVI training). Here every scalar is either static or disposed after the call
/// returns (TorchSharp 0.107's <c>sub</c> takes no alpha, so only <c>add</c> needs the static one). <c>BannedSymbols.TorchSharp.txt</c> keeps the unsafe forms out of the projects that link this file.
/// </remarks>
internal static class TensorArithmetic
{
    private static readonly Scalar One = 1.ToScalar();

    /// <summary><paramref name="left"/> + <paramref name="right"/>.</summary>
    public static Tensor Plus(this Tensor left, Tensor right) => left.add(right, One);

    /// <summary><paramref name="left"/> − <paramref name="right"/>.</summary>
    public static Tensor Minus(this Tensor left, Tensor right) => left.sub(right);

    /// <summary>Adds <paramref name="right"/> into <paramref name="left"/> and returns it.</summary>
    public static Tensor PlusInPlace(this Tensor left, Tensor right) => left.add_(right, One);

    /// <summary><paramref name="left"/> + <paramref name="right"/>.</summary>
    public static Tensor Plus(this Tensor left, double right)
    {
        using var scalar = right.ToScalar();
        return left.add(scalar, One);
    }

    /// <summary><paramref name="left"/> − <paramref name="right"/>.</summary>
    public static Tensor Minus(this Tensor left, double right)
    {
        using var scalar = right.ToScalar();
        return left.sub(scalar);
    }

    /// <summary><paramref name="left"/> − <paramref name="right"/> (a number minus a tensor).</summary>
    public static Tensor Minus(this double left, Tensor right)
    {
        using var scalar = left.ToScalar();
        return right.neg().add(scalar, One);
    }

    /// <summary><paramref name="left"/> × <paramref name="right"/>.</summary>
    public static Tensor Times(this Tensor left, double right)
    {
        using var scalar = right.ToScalar();
        return left.mul(scalar);
    }

    /// <summary>Where <paramref name="left"/> &lt; <paramref name="right"/>.</summary>
    public static Tensor Below(this Tensor left, double right)
    {
        using var scalar = right.ToScalar();
        return left.lt(scalar);
    }

    /// <summary>Where <paramref name="left"/> &gt; <paramref name="right"/>.</summary>
    public static Tensor Above(this Tensor left, double right)
    {
        using var scalar = right.ToScalar();
        return left.gt(scalar);
    }

    /// <summary>Where <paramref name="left"/> = <paramref name="right"/> (integer tensors).</summary>
    public static Tensor EqualTo(this Tensor left, long right)
    {
        using var scalar = right.ToScalar();
        return left.eq(scalar);
    }

    /// <summary><paramref name="tensor"/> with <paramref name="value"/> where <paramref name="mask"/> is true.</summary>
    public static Tensor FilledWhere(this Tensor tensor, Tensor mask, double value)
    {
        using var scalar = value.ToScalar();
        return tensor.masked_fill(mask, scalar);
    }

    /// <summary>
    /// softplus(<paramref name="x"/>) = log(1 + eˣ) as PyTorch's (β 1, threshold 20: x itself above 20). TorchSharp's
    /// <c>softplus</c> makes its β and threshold scalars on the fly (seen failing in <c>toFloat</c> under load).
    /// </summary>
    public static Tensor Softplus(this Tensor x)
    {
        using var threshold = SoftplusThreshold.ToScalar();
        // The clamp keeps exp finite where x itself is taken, so the unused branch's gradient is 0, not 0 × ∞.
        return where(x.gt(threshold), x, x.clamp_max(threshold).exp().log1p());
    }

    private const double SoftplusThreshold = 20;

    /// <summary>
    /// <paramref name="x"/>², as x · x: TorchSharp's <c>square()</c> is <c>pow(2)</c> with the 2 made a scalar on the fly
    /// (seen failing a test run as "Unknown scalar type" inside <c>pow</c>). PyTorch computes pow(x, 2) as x · x, so the bits
    /// are the same.
    /// </summary>
    public static Tensor Squared(this Tensor x) => x.mul(x);

    /// <summary>0, 1, …, <paramref name="count"/> − 1 as int64.</summary>
    public static Tensor Range(long count)
    {
        using var stop = count.ToScalar();
        return arange(stop, ScalarType.Int64);
    }
}
