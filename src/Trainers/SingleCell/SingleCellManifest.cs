using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PllmML.Trainers.SingleCell;

/// <summary>
/// The versioned description saved next to the ML.NET model in the zip (entry <see cref="EntryName"/>): what the
/// model was fitted on and how. ML.NET ignores the entry; <see cref="SingleCellModel.Load"/> checks it.
/// </summary>
public sealed record SingleCellManifest
{
    /// <summary>The zip entry name.</summary>
    public const string EntryName = "PllmML/manifest.json";

    /// <summary>
    /// The format this library writes. Version 1: the stage contracts <c>*.v1</c>, each stage's state looked up for
    /// every row. Version 2: the contracts <c>*.v2</c> plus <c>PllmML.SingleCell.StateKey.v1</c>, each species' state
    /// looked up once per cursor (same arithmetic, same predictions). Version 3: the chain of version 2 plus the entry
    /// <c>PllmML/annotation.json</c> (reference means and loading weights of the variable genes, so a query that measured
    /// only some genes is filled and judged by loading mass; the prediction-set calibration), <see cref="MinimumGeneCoverage"/>
    /// and <see cref="Coverage"/>. Versions 1 and 2 load as uncalibrated models and judge queries by
    /// <see cref="MinimumGeneOverlap"/>, predicting what they always predicted.
    /// </summary>
    public const int CurrentFormatVersion = 3;

    /// <summary>The first format with the annotation entry.</summary>
    public const int FirstAnnotatedFormatVersion = 3;

    /// <summary>The oldest format this library still reads.</summary>
    public const int OldestReadableFormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The manifest format version.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The PllmML version that wrote the model.</summary>
    public string LibraryVersion { get; init; } = LibraryVersionOf();

    /// <summary>The reference species (names the shared features).</summary>
    public string ReferenceSpecies { get; init; } = string.Empty;

    /// <summary>The species, reference first.</summary>
    public IReadOnlyList<SpeciesManifest> Species { get; init; } = [];

    /// <summary>Number of shared gene features.</summary>
    public int SharedFeatures { get; init; }

    /// <summary>SHA-256 of the species names, their model genes and the shared features.</summary>
    public string GeneListHash { get; init; } = string.Empty;

    /// <summary>The homology strategy.</summary>
    public string HomologyStrategy { get; init; } = string.Empty;

    /// <summary>Where the homology pairs came from.</summary>
    public string HomologySource { get; init; } = string.Empty;

    /// <summary>The species whose labels trained the classifier.</summary>
    public IReadOnlyList<string> TrainSpecies { get; init; } = [];

    /// <summary>The cell types, in the order of the probabilities.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Embedding dimensions.</summary>
    public int EmbeddingDimensions { get; init; }

    /// <summary>The smallest fraction of a species' model genes a query must contain (formats 1 and 2 only).</summary>
    public double MinimumGeneOverlap { get; init; }

    /// <summary>
    /// The smallest share of the variable genes' PCA loading mass a query must measure (format 3): below it the projection
    /// is meaningless and prediction is refused.
    /// </summary>
    public double MinimumGeneCoverage { get; init; }

    /// <summary>The coverage level the prediction sets were calibrated at (format 3; 0 when the model has no calibration).</summary>
    public double Coverage { get; init; }

    /// <summary>The fitting parameters, for the record.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The manifest as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses a manifest.</summary>
    /// <param name="json">The JSON text.</param>
    public static SingleCellManifest FromJson(string json) =>
        JsonSerializer.Deserialize<SingleCellManifest>(json, Json) ?? throw new JsonException("The manifest is empty.");

    /// <summary>The hash of species gene lists and shared features.</summary>
    /// <param name="species">The species.</param>
    /// <param name="features">The shared features.</param>
    public static string HashGenes(IEnumerable<SpeciesManifest> species, IEnumerable<string> features)
    {
        var text = new StringBuilder();
        foreach (var entry in species)
        {
            text.Append(entry.Name).Append('\n').AppendJoin('\t', entry.ModelGenes).Append('\n');
        }

        text.AppendJoin('\t', features);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    [JsonIgnore]
    internal IReadOnlyDictionary<string, SpeciesManifest> BySpecies => Species.ToDictionary(s => s.Name, StringComparer.Ordinal);

    private static string LibraryVersionOf() =>
        typeof(SingleCellManifest).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
