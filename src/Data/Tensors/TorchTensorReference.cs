namespace PllmML.Data.Tensors;

/// <summary>
/// A tensor inside a PyTorch <c>.pt</c>/<c>.bin</c> file, as its pickle describes it: the storage it views, the
/// element offset, the shape and the strides. Read its values with <see cref="TorchPickleFile.ReadTensor"/>.
/// </summary>
/// <param name="StorageKey">The storage's record name in the archive (<c>data/&lt;key&gt;</c>).</param>
/// <param name="ElementType">The element type of the storage.</param>
/// <param name="StorageOffset">The first element, counted in elements from the storage start.</param>
/// <param name="Shape">The shape.</param>
/// <param name="Strides">The strides, in elements.</param>
public sealed record TorchTensorReference(
    string StorageKey, TensorElementType ElementType, long StorageOffset, IReadOnlyList<long> Shape, IReadOnlyList<long> Strides)
{
    /// <summary>The number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (product, size) => product * size);

    /// <summary>The shape as text, <c>[33, 320]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
