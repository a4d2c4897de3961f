namespace PllmML.Cli;

/// <summary>Thrown by a verb when its options are valid one by one but do not make sense together.</summary>
public sealed class UsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UsageException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong with the command line.</param>
    public UsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong with the command line.</param>
    /// <param name="innerException">The cause.</param>
    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
