namespace PllmML.Pipeline;

/// <summary>The files of a run's output folder.</summary>
/// <param name="Folder">The output folder.</param>
public sealed record RunOutputLayout(string Folder)
{
    /// <summary>The gene (or protein) embeddings of a species: <c>embeddings/&lt;species&gt;.tsv</c>.</summary>
    /// <param name="species">The species.</param>
    public string Embeddings(string species) => PathOf("embeddings", $"{species}.tsv");

    /// <summary>The protein families read from the FASTA headers: <c>embeddings/families.tsv</c>.</summary>
    public string Families => PathOf("embeddings", "families.tsv");

    /// <summary>The embedding store (resumable): <c>store/</c>.</summary>
    public string Store => PathOf("store");

    /// <summary>The protein map: <c>pairs.csv</c>.</summary>
    public string Pairs => PathOf("pairs.csv");

    /// <summary>The protein map between two of three or more species: <c>pairs/&lt;a&gt;_&lt;b&gt;.csv</c>.</summary>
    /// <param name="speciesA">The species of the first gene column.</param>
    /// <param name="speciesB">The species of the second gene column.</param>
    public string PairsOf(string speciesA, string speciesB) => PathOf("pairs", $"{speciesA}_{speciesB}.csv");

    /// <summary>Cycle consistency of the one-to-one maps of three or more species, per gene: <c>cycles.csv</c>.</summary>
    public string Cycles => PathOf("cycles.csv");

    /// <summary>The integration model: <c>model.zip</c>.</summary>
    public string Model => PathOf("model.zip");

    /// <summary>Every cell integrated: <c>integrated.h5ad</c>.</summary>
    public string Integrated => PathOf("integrated.h5ad");

    /// <summary>The markers stage's folder: <c>markers/</c> (conserved markers, cell-type homology, <c>markers.html</c>).</summary>
    public string Markers => PathOf("markers");

    /// <summary>The markers report: <c>markers/markers.html</c>.</summary>
    public string MarkersReport => PathOf("markers", "markers.html");

    /// <summary>The scib metrics and label transfer: <c>metrics.json</c>.</summary>
    public string Metrics => PathOf("metrics.json");

    /// <summary>The HTML report: <c>report.html</c>.</summary>
    public string Report => PathOf("report.html");

    /// <summary>The resolved configuration: <c>config.json</c>.</summary>
    public string Config => PathOf("config.json");

    /// <summary>The run's log: <c>run.log</c>.</summary>
    public string Log => PathOf("run.log");

    /// <summary>The stamp of a finished stage: <c>.stamps/&lt;stage&gt;.json</c>.</summary>
    /// <param name="stage">The stage.</param>
    public string Stamp(string stage) => PathOf(".stamps", stage + ".json");

    private string PathOf(params string[] parts) => Path.Combine([Folder, .. parts]);
}
