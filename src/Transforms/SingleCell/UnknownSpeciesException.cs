namespace PllmML.Transforms.SingleCell;

/// <summary>A cell's species is not one the model was fitted on.</summary>
public sealed class UnknownSpeciesException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="species">The species asked for.</param>
    /// <param name="known">The species the model knows.</param>
    public UnknownSpeciesException(string species, IReadOnlyList<string> known)
        : base($"The species '{species}' is not in the model; it was fitted on {string.Join(", ", known.Select(name => $"'{name}'"))}.")
    {
        Species = species;
        Known = known;
    }

    /// <summary>The species asked for.</summary>
    public string Species { get; }

    /// <summary>The species the model knows.</summary>
    public IReadOnlyList<string> Known { get; }
}
