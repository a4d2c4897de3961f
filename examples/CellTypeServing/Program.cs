// Annotates new cells with a saved PllmML model (a model.zip from `pllm fit` or `pllm run`):
//   dotnet run --project examples/CellTypeServing -- <model.zip> <cells.h5ad | 10x folder> <species> [--csv <out.csv>]
using System.Globalization;
using Microsoft.ML;
using PllmML.Data;
using PllmML.Trainers.SingleCell;
using PllmML.Transforms.SingleCell;

const int FirstCells = 5;
if (args.Length is not (3 or 5) || (args.Length == 5 && args[3] != "--csv"))
{
    Console.Error.WriteLine("usage: CellTypeServing <model.zip> <cells.h5ad | 10x folder> <species> [--csv <out.csv>]");
    return 2;
}

var (modelPath, cellsPath, species, csvPath) = (args[0], args[1], args[2], args.Length == 5 ? args[4] : null);
try
{
    // Load once at start-up; the model is thread-safe and can serve every request of the process.
    var model = SingleCellModel.Load(new MLContext(seed: 0), modelPath);
    var manifest = model.Manifest;
    Console.WriteLine($"Model {modelPath}: species {string.Join(", ", manifest.Species.Select(s => s.Name))}; "
        + $"cell types {string.Join(", ", manifest.Labels)}; {manifest.EmbeddingDimensions}-dimensional embedding");

    // Raw counts with gene names: an .h5ad (X), a 10x folder or a Cell Ranger .h5.
    var cells = DataFiles.ReadCells(cellsPath).Data;

    // A batch: every cell at once (one ML.NET Transform over the whole chain).
    var batch = model.Predict(species, cells);
    Console.WriteLine($"Cells {cellsPath}: {batch.CellCount} {species} cells; {batch.GenesFound} of {batch.ModelGenes} model genes found");
    PrintCounts(batch);

    // Single cells, as a web service would score them: rows in the model's gene order, predicted concurrently.
    var (rows, _, _) = model.ToRows(species, cells);
    var first = new CellPrediction[Math.Min(FirstCells, rows.Length)];
    Parallel.For(0, first.Length, cell => first[cell] = model.Predict(rows[cell]));
    Console.WriteLine();
    Console.WriteLine($"First {first.Length} cells, one at a time (in parallel):");
    Console.WriteLine($"{"cell",-36} {"predicted",-20} {"probability",11}");
    for (var cell = 0; cell < first.Length; cell++)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{cells.CellNames[cell],-36} {first[cell].PredictedLabel,-20} {first[cell].Probabilities.Max(),11:F4}"));
    }

    if (csvPath is not null)
    {
        WriteCsv(csvPath, cells.CellNames, batch);
        Console.WriteLine($"Wrote {csvPath}");
    }

    return 0;
}
catch (Exception exception) when (exception is UnknownSpeciesException or GeneOverlapException)
{
    Console.Error.WriteLine($"error: {cellsPath}: {exception.Message}");
    return 1;
}
catch (Exception exception) when (exception is IOException or DataFormatException or UnauthorizedAccessException)
{
    // Missing files, malformed data and foreign zips: the message names the file.
    Console.Error.WriteLine($"error: {exception.Message.ReplaceLineEndings(" ")}");
    return 1;
}

static void PrintCounts(CellPredictions predictions)
{
    Console.WriteLine();
    // The calls: a type, or "unknown" for a cell of no type the model knows.
    Console.WriteLine($"{"predicted cell type",-20} {"cells",7}");
    foreach (var group in predictions.CellTypes.CountBy(label => label).OrderByDescending(g => g.Value).ThenBy(g => g.Key, StringComparer.Ordinal))
    {
        Console.WriteLine($"{group.Key,-20} {group.Value,7}");
    }

    Console.WriteLine($"{"total",-20} {predictions.CellCount,7}");
}

// One row per cell: its name, the predicted type, its probability, then the probability of every type.
static void WriteCsv(string path, IReadOnlyList<string> cellNames, CellPredictions predictions)
{
    using var writer = new StreamWriter(path);
    writer.WriteLine(string.Join(',', ["cell", "predicted_cell_type", "probability", .. predictions.Classes.Select(c => $"probability_{c}")]));
    var classes = predictions.Classes.Count;
    for (var cell = 0; cell < predictions.CellCount; cell++)
    {
        var probabilities = predictions.Probabilities.AsSpan(cell * classes, classes).ToArray();
        writer.WriteLine(string.Join(',', [Quote(cellNames[cell]), Quote(predictions.Labels[cell]),
            .. new[] { probabilities.Max() }.Concat(probabilities).Select(p => p.ToString("R", CultureInfo.InvariantCulture))]));
    }
}

static string Quote(string field) =>
    field.AsSpan().IndexOfAny(",\"\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
