namespace PllmML.Pipeline.Configuration;

/// <summary>One protein FASTA file of one species.</summary>
public sealed class FastaConfiguration
{
    /// <summary>The file (relative to the config file's folder).</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>The species; a record whose species= attribute names another species is left out.</summary>
    public string Species { get; set; } = string.Empty;
}
