namespace PllmML.Pipeline.Configuration;

/// <summary>One entry of <c>inputs</c>: one species' cells.</summary>
public sealed class InputConfiguration
{
    /// <summary>The cells: an .h5ad, a 10x folder or a Cell Ranger .h5 (relative to the config file's folder).</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>The species name (as the homology table and the model know it).</summary>
    public string Species { get; set; } = string.Empty;

    /// <summary>The obs column with cell-type labels, if any.</summary>
    public string? LabelKey { get; set; }

    /// <summary>The obs column with donors, if any.</summary>
    public string? DonorKey { get; set; }

    /// <summary>Where the raw counts are: X (default), raw, or a layer name such as counts.</summary>
    public string? Counts { get; set; }

    /// <summary>What that matrix holds: <c>counts</c> or <c>lognorm</c> (log-normalised); null to accept counts and warn about non-integer values.</summary>
    public string? Kind { get; set; }
}
