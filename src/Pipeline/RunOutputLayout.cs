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

    /// <summary>
    /// The folder of a method fitted beside the saved model for the side-by-side comparison
    /// (<c>evaluation.compareMethods</c>): <c>methods/&lt;method&gt;/</c>, holding its <c>model.zip</c>,
    /// <c>integrated.h5ad</c>, <c>fit.json</c> (fit seconds) and <c>metrics.json</c> (its evaluation alone).
    /// </summary>
    /// <param name="method">The integration method.</param>
    public string MethodFolder(string method) => PathOf("methods", method);

    /// <summary>A compared method's model: <c>methods/&lt;method&gt;/model.zip</c>.</summary>
    /// <param name="method">The integration method.</param>
    public string MethodModel(string method) => PathOf("methods", method, "model.zip");

    /// <summary>A compared method's integrated cells: <c>methods/&lt;method&gt;/integrated.h5ad</c>.</summary>
    /// <param name="method">The integration method.</param>
    public string MethodIntegrated(string method) => PathOf("methods", method, "integrated.h5ad");

    /// <summary>A compared method's fit time: <c>methods/&lt;method&gt;/fit.json</c>.</summary>
    /// <param name="method">The integration method.</param>
    public string MethodFit(string method) => PathOf("methods", method, "fit.json");

    /// <summary>A compared method's evaluation on its own: <c>methods/&lt;method&gt;/metrics.json</c>.</summary>
    /// <param name="method">The integration method.</param>
    public string MethodMetrics(string method) => PathOf("methods", method, "metrics.json");

    /// <summary>The resolved configuration: <c>config.json</c>.</summary>
    public string Config => PathOf("config.json");

    /// <summary>The run's log: <c>run.log</c>.</summary>
    public string Log => PathOf("run.log");

    /// <summary>The stamp of a finished stage: <c>.stamps/&lt;stage&gt;.json</c>.</summary>
    /// <param name="stage">The stage.</param>
    public string Stamp(string stage) => PathOf(".stamps", stage + ".json");

    private string PathOf(params string[] parts) => Path.Combine([Folder, .. parts]);
}
