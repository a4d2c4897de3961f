namespace PllmML.Data;

/// <summary>
/// Thrown when an input file does not hold what its format promises. The message always names the file, the place
/// inside it (line, record or HDF5 path) and what was expected there.
/// </summary>
public class DataFormatException : Exception
{
    /// <summary>Creates the exception with a message that names the file and the place inside it.</summary>
    /// <param name="filePath">The file (or folder) that was being read.</param>
    /// <param name="location">Where in the file: <c>line 12</c>, <c>record 3</c>, <c>/obs/cell_type/codes</c>.</param>
    /// <param name="problem">What was wrong and what was expected.</param>
    /// <param name="innerException">The lower-level error, if any.</param>
    public DataFormatException(string filePath, string location, string problem, Exception? innerException = null)
        : base(Compose(filePath, location, problem), innerException)
    {
        FilePath = filePath;
        Location = location;
        Problem = problem;
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public DataFormatException()
        : this(string.Empty, string.Empty, "invalid input")
    {
    }

    /// <summary>Creates the exception with a plain message.</summary>
    /// <param name="message">The message.</param>
    public DataFormatException(string message)
        : this(string.Empty, string.Empty, message)
    {
    }

    /// <summary>Creates the exception with a plain message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The lower-level error.</param>
    public DataFormatException(string message, Exception innerException)
        : this(string.Empty, string.Empty, message, innerException)
    {
    }

    /// <summary>The file (or folder) that was being read; empty when the data did not come from a file.</summary>
    public string FilePath { get; }

    /// <summary>The place inside the file: a line, record or HDF5 path; empty when the whole file is at fault.</summary>
    public string Location { get; }

    /// <summary>What was wrong, and what was expected instead.</summary>
    public string Problem { get; }

    private static string Compose(string filePath, string location, string problem)
    {
        var where = (filePath.Length, location.Length) switch
        {
            (0, 0) => string.Empty,
            (0, _) => location + ": ",
            (_, 0) => filePath + ": ",
            _ => $"{filePath}, {location}: ",
        };
        return where + problem;
    }
}
