namespace PllmML.Data.Tensors;

/// <summary>What a tensor file says about one tensor before its data is read: name, element type and shape.</summary>
/// <param name="Name">The tensor's key in the file.</param>
/// <param name="ElementType">The element type.</param>
/// <param name="Shape">The shape.</param>
public sealed record TensorEntry(string Name, TensorElementType ElementType, IReadOnlyList<long> Shape)
{
    /// <summary>The number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (product, size) => product * size);

    /// <summary>The shape as text, <c>[33, 320]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
