using PllmML.Data;

namespace PllmML.Deep.Tests;

/// <summary>
/// Small count matrices with structure: cells of <c>types</c> cell types in <c>batches</c> batches, each type with its
/// own gene programme and each batch scaling a random subset of genes (a batch effect the decoder can learn).
/// </summary>
internal static class SyntheticCounts
{
    public static (ScviTrainingData Data, int[] Types) Make(int cells, int genes, int batches, int types, int seed)
    {
        var random = new Random(seed);
        var programme = new double[types, genes];
        for (var t = 0; t < types; t++)
        {
            for (var g = 0; g < genes; g++)
            {
                programme[t, g] = Math.Exp((random.NextDouble() * 3) - 1) * (random.NextDouble() < 0.3 ? 8 : 1);
            }
        }

        var batchEffect = new double[batches, genes];
        for (var b = 0; b < batches; b++)
        {
            for (var g = 0; g < genes; g++)
            {
                batchEffect[b, g] = random.NextDouble() < 0.3 ? 0.25 + (random.NextDouble() * 3) : 1;
            }
        }

        var dense = new float[cells * genes];
        var cellBatches = new int[cells];
        var cellTypes = new int[cells];
        for (var c = 0; c < cells; c++)
        {
            cellBatches[c] = c % batches;
            cellTypes[c] = (c / batches) % types;
            var size = 0.5 + random.NextDouble();
            for (var g = 0; g < genes; g++)
            {
                dense[(c * genes) + g] = RandomCounts.Poisson(random, programme[cellTypes[c], g] * batchEffect[cellBatches[c], g] * size);
            }

            dense[c * genes] += 1; // no empty cell
        }

        return (new ScviTrainingData(CsrMatrix.FromDense(cells, genes, dense), cellBatches, batches), cellTypes);
    }
}
