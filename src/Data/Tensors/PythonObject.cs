namespace PllmML.Data.Tensors;

/// <summary>
/// An instance of a Python class found in a pickle that has no .NET counterpart (for example the
/// <c>argparse.Namespace</c> of a fair-esm checkpoint's <c>cfg</c>): its class, constructor arguments and the
/// state set by <c>__setstate__</c>/<c>BUILD</c> (usually a dictionary of attributes).
/// </summary>
/// <param name="ClassName">The class, <c>module.name</c>.</param>
/// <param name="Arguments">The constructor arguments.</param>
public sealed record PythonObject(string ClassName, IReadOnlyList<object?> Arguments)
{
    /// <summary>The state, usually a dictionary of attribute names to values; null when none was set.</summary>
    public object? State { get; internal set; }

    /// <summary>The attributes when the state is a dictionary, else an empty dictionary.</summary>
    public IReadOnlyDictionary<object, object?> Attributes =>
        State as IReadOnlyDictionary<object, object?> ?? new Dictionary<object, object?>();
}
