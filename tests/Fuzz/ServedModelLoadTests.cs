using System.Globalization;
using Microsoft.ML;
using PllmML.Data;
using PllmML.Trainers.SingleCell;

namespace PllmML.Fuzz.Tests;

/// <summary>
/// A served model under load: 8 threads predicting single cells and batches at once, 300 predictions each and then on
/// for <c>PLLM_LOAD_SECONDS</c> (default 0; the figure is 60), give exactly the bits of a single-threaded run.
/// </summary>
public sealed class ServedModelLoadTests
{
    [Fact]
    public void EightThreads_PredictTheBitsOfOneThread()
    {
        var model = SingleCellModel.Load(new MLContext(0), Path.Combine(TestPaths.RepositoryRoot, "tests", "Trainers", "SingleCell", "fixtures", "pancreas-format1-model.zip"));
        var cells = DataFiles.ReadCells(TestPaths.Bundled("pancreas", "human.h5ad")).Data.SelectCells([.. Enumerable.Range(0, 40)]);
        var (rows, _, _) = model.ToRows("human", cells);
        var expected = rows.Select(row => Bits(model.Predict(row))).ToArray();
        var batch = model.Predict("human", cells);
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("PLLM_LOAD_SECONDS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var until = DateTime.UtcNow.AddSeconds(seconds);
        var mismatches = 0;
        Exception? failure = null;
        using var start = new Barrier(8);

        var threads = Enumerable.Range(0, 8).Select(thread => new Thread(() =>
        {
            var random = new Random(thread);
            start.SignalAndWait();
            try
            {
                for (var iteration = 0; iteration < 300 || DateTime.UtcNow < until; iteration++)
                {
                    if (random.Next(8) == 0)
                    {
                        var again = model.Predict("human", cells);
                        if (!again.Embedding.AsSpan().SequenceEqual(batch.Embedding) || !again.Labels.SequenceEqual(batch.Labels)
                            || !again.Probabilities.AsSpan().SequenceEqual(batch.Probabilities))
                        {
                            Interlocked.Increment(ref mismatches);
                        }
                    }
                    else
                    {
                        var cell = random.Next(rows.Length);
                        if (Bits(model.Predict(rows[cell])) != expected[cell])
                        {
                            Interlocked.Increment(ref mismatches);
                        }
                    }
                }
            }
            catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or NullReferenceException or IndexOutOfRangeException)
            {
                Interlocked.CompareExchange(ref failure, exception, null);
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        Assert.Null(failure);
        Assert.Equal(0, mismatches);
    }

    private static string Bits(CellPrediction prediction) =>
        prediction.PredictedLabel + ":" + Convert.ToHexString(System.Runtime.InteropServices.MemoryMarshal.AsBytes(prediction.Embedding.AsSpan()))
        + ":" + Convert.ToHexString(System.Runtime.InteropServices.MemoryMarshal.AsBytes(prediction.Probabilities.AsSpan()));
}
