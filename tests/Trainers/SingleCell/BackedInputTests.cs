using PllmML.Data;
using PllmML.Data.H5ad;

namespace PllmML.Trainers.Tests.SingleCell;

/// <summary>
/// Counts left on disk (X of an .h5ad read a block of cells at a time) fit and predict exactly as the same counts in
/// memory: the fit's passes and the prediction blocks read the rows from the file.
/// </summary>
public class BackedInputTests
{
    [Fact]
    public void FitAndPredict_CountsOnDisk_EqualCountsInMemoryBitForBit()
    {
        // The human cells eight times over (1,400 cells), so that every pass and the prediction read several blocks.
        var human = PancreasModel.CommonCells("human.h5ad");
        var path = Path.Combine(TestPaths.NewTempFolder(), "human-x8.h5ad");
        H5adWriter.Write(human.SelectCells([.. Enumerable.Range(0, 8).SelectMany(_ => Enumerable.Range(0, human.CellCount))]), path);
        var inMemory = DataFiles.ReadCells(path, makeNamesUnique: true).Data;
        var onDisk = DataFiles.ReadCells(path, makeNamesUnique: true, genome: null, backed: true).Data;
        Assert.True(onDisk.XIsBacked);
        Assert.True(onDisk.CellCount > 1024);

        var fromMemory = PancreasModel.Fit(inMemory, PancreasModel.Mouse);
        var fromDisk = PancreasModel.Fit(onDisk, PancreasModel.Mouse);

        var expected = fromMemory.Predict("human", inMemory);
        var fitted = fromDisk.Predict("human", inMemory);
        var read = fromMemory.Predict("human", onDisk);
        Assert.Equal(expected.Embedding, fitted.Embedding);
        Assert.Equal(expected.Probabilities, fitted.Probabilities);
        Assert.Equal(expected.Embedding, read.Embedding);
        Assert.Equal(expected.Probabilities, read.Probabilities);
        Assert.Equal(expected.CellTypes, read.CellTypes);
    }
}
