namespace PllmML.Kernels.Similarity;

/// <summary>
/// A vector whose similarity is undefined: all zeros (cosine), constant (Pearson: zero after centring), or holding
/// NaN or infinity. Callers that know the gene names turn it into a message that names the gene.
/// </summary>
public sealed class DegenerateVectorException : ArgumentException
{
    /// <summary>Creates the exception for one row of one side.</summary>
    /// <param name="side">Which input holds the row: <c>"A"</c> (queries) or <c>"B"</c> (targets).</param>
    /// <param name="row">The 0-based row.</param>
    /// <param name="problem">What is wrong with it.</param>
    public DegenerateVectorException(string side, int row, string problem)
        : base($"Row {row} of input {side}: {problem}.")
    {
        Side = side;
        Row = row;
        Problem = problem;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public DegenerateVectorException()
        : this("?", -1, "degenerate vector")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public DegenerateVectorException(string message)
        : base(message)
    {
        Side = "?";
        Row = -1;
        Problem = message;
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DegenerateVectorException(string message, Exception innerException)
        : base(message, innerException)
    {
        Side = "?";
        Row = -1;
        Problem = message;
    }

    /// <summary>Which input holds the row: <c>"A"</c> or <c>"B"</c>.</summary>
    public string Side { get; }

    /// <summary>The 0-based row.</summary>
    public int Row { get; }

    /// <summary>What is wrong with the vector (for example "all values are zero").</summary>
    public string Problem { get; }
}
