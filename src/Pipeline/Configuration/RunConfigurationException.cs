using PllmML.Data;

namespace PllmML.Pipeline.Configuration;

/// <summary>
/// A run configuration that cannot be used: the message names the config file, the JSON field (e.g.
/// <c>inputs[0].path</c>) and what is wrong there. A <see cref="DataFormatException"/>: bad data, not bad usage.
/// </summary>
public sealed class RunConfigurationException : DataFormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="configPath">The config file.</param>
    /// <param name="field">The JSON path of the field, e.g. <c>harmony.theta</c>.</param>
    /// <param name="problem">What is wrong and what is expected.</param>
    /// <param name="innerException">The lower-level error, if any.</param>
    public RunConfigurationException(string configPath, string field, string problem, Exception? innerException = null)
        : base(configPath, field, problem, innerException)
    {
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public RunConfigurationException()
    {
    }

    /// <summary>Creates the exception with a plain message.</summary>
    /// <param name="message">The message.</param>
    public RunConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a plain message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RunConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The JSON path of the field at fault.</summary>
    public string Field => Location;
}
