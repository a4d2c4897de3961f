using Microsoft.ML;
using PllmML.Data;
using PllmML.Trainers.SingleCell;

namespace PllmML.Fuzz.Tests.Targets;

/// <summary>Saved single-cell models: the format-1 pancreas model zip (tests/Trainers/SingleCell/fixtures) loaded with
/// <see cref="SingleCellModel.Load"/> and predicting 12 bundled human cells. Every entry carries a CRC-32, so a raw
/// corruption must never predict.</summary>
public sealed class ModelZipTarget : FuzzTarget
{
    private static readonly Lazy<byte[][]> SeedFiles = new(() =>
        [File.ReadAllBytes(Path.Combine(TestPaths.RepositoryRoot, "tests", "Trainers", "SingleCell", "fixtures", "pancreas-format1-model.zip"))]);

    private static readonly Lazy<CellMatrix> Cells = new(() =>
        DataFiles.ReadCells(TestPaths.Bundled("pancreas", "human.h5ad")).Data.SelectCells([.. Enumerable.Range(0, 12)]));

    /// <inheritdoc />
    public override string Name => "model-zip";

    /// <inheritdoc />
    public override string Extension => ".zip";

    /// <inheritdoc />
    public override bool ChecksumsEverything => true;

    /// <inheritdoc />
    public override TimeSpan Timeout => TimeSpan.FromSeconds(60);

    /// <inheritdoc />
    public override int DefaultInputs => 25;

    /// <inheritdoc />
    public override IReadOnlyList<byte[]> Seeds() => SeedFiles.Value;

    /// <inheritdoc />
    public override string Read(string path)
    {
        var model = SingleCellModel.Load(new MLContext(0), path);
        var predictions = model.Predict("human", Cells.Value);
        return new FuzzDigest().Add(model.Manifest.ToJson()).Add(predictions.Embedding).Add(predictions.Labels)
            .Add(predictions.Probabilities).ToString();
    }

    /// <inheritdoc />
    public override byte[]? MutateStructured(byte[] seed, Random random) =>
        ZipMutator.MutateEntry(seed, random, name => name.Contains("manifest", StringComparison.OrdinalIgnoreCase) ? 5 : 1);
}
