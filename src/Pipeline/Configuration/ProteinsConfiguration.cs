namespace PllmML.Pipeline.Configuration;

/// <summary>The <c>proteins</c> section: the proteomes that the embed stage reads.</summary>
public sealed class ProteinsConfiguration
{
    /// <summary>The FASTA files, one or more per species.</summary>
    public List<FastaConfiguration> Fasta { get; set; } = [];

    /// <summary><c>gene</c> (pool isoforms per gene) or <c>protein</c>.</summary>
    public string Level { get; set; } = "gene";

    /// <summary>Gene pooling: <c>mean</c> or <c>max</c>.</summary>
    public string Pool { get; set; } = "mean";

    /// <summary>A FASTA header attribute naming each protein's family (e.g. refog), for judging the map.</summary>
    public string? FamilyAttribute { get; set; }
}
