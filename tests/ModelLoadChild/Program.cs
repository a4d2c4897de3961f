using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using PllmML.Data;
using PllmML.Trainers.SingleCell;

// Usage: PllmML.ModelLoadChild MODEL.zip CELLS.h5ad SPECIES OUT.tsv
// Loads the model with plain ML.NET (no PllmML registration), feeds the cells in the species' model gene order
// (from the manifest) and writes label, embedding and probabilities with round-trip formatting.
var (modelPath, cellsPath, species, outPath) = (args[0], args[1], args[2], args[3]);
var manifest = SingleCellModel.ReadManifest(modelPath);
var modelGenes = manifest.Species.Single(s => s.Name == species).ModelGenes;
var position = modelGenes.Select((gene, i) => (gene, i)).ToDictionary(p => p.gene, p => p.i, StringComparer.Ordinal);
var cells = DataFiles.ReadCells(cellsPath).Data;
var rows = new List<CellRow>();
for (var cell = 0; cell < cells.CellCount; cell++)
{
    var dense = new float[modelGenes.Count];
    var columns = cells.X.RowColumns(cell);
    var values = cells.X.RowValues(cell);
    for (var k = 0; k < columns.Length; k++)
    {
        if (position.TryGetValue(cells.GeneNames[columns[k]], out var at))
        {
            dense[at] = values[k];
        }
    }

    rows.Add(new CellRow { Species = species, Counts = new VBuffer<float>(dense.Length, dense) });
}

var mlContext = new MLContext();
var chain = mlContext.Model.Load(modelPath, out _);
var output = chain.Transform(mlContext.Data.LoadFromEnumerable(rows));
using var writer = new StreamWriter(outPath);
foreach (var prediction in mlContext.Data.CreateEnumerable<CellPrediction>(output, reuseRowObject: false))
{
    writer.WriteLine(string.Join('\t', [
        prediction.PredictedLabel,
        string.Join(',', prediction.Embedding.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
        string.Join(',', prediction.Probabilities.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))]));
}
