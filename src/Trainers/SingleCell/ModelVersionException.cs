namespace PllmML.Trainers.SingleCell;

/// <summary>A model file is not a PllmML single-cell model of a format this library reads.</summary>
public sealed class ModelVersionException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="problem">What is wrong.</param>
    public ModelVersionException(string path, string problem)
        : base($"{path}: {problem}") => Path = path;

    /// <summary>The model file.</summary>
    public string Path { get; }
}
