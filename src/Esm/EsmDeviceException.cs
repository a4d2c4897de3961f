namespace PllmML.Esm;

/// <summary>Thrown when the requested compute device cannot be used (for example CUDA on a machine without a GPU).</summary>
public sealed class EsmDeviceException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public EsmDeviceException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is missing and what to do.</param>
    public EsmDeviceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is missing and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public EsmDeviceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
