using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Trainers.SingleCell;
using static PllmML.Benchmarks.SyntheticDraws;

namespace PllmML.Benchmarks.Integration;

/// <summary>
/// A generated two-species data set with known cell types: each species has <c>genes</c> genes (90 % one-to-one
/// orthologs, named <c>G123</c> / <c>g123</c>, the rest species-specific), each cell type a log-normal expression
/// profile over genes, each species its own gene-wise scale (the batch effect), and Poisson counts with log-normal
/// library sizes.
/// </summary>
internal static class SyntheticSpecies
{
    public static (SpeciesData Human, SpeciesData Mouse, GenePairTable Pairs, string[] HumanTypes) Generate(int cells, int genes, int types, int seed)
    {
        var random = new Random(seed);
        var profiles = new double[types * genes];
        for (var i = 0; i < profiles.Length; i++)
        {
            profiles[i] = Math.Exp(Normal(random) * 1.2) * (random.NextDouble() < 0.7 ? 0.05 : 1.0);
        }

        var human = Species("human", "G", cells / 2, genes, types, profiles, random);
        var mouse = Species("mouse", "g", cells - (cells / 2), genes, types, profiles, random);
        var pairs = Enumerable.Range(0, genes).Where(gene => gene % 10 != 9).Select(gene => new GenePair($"G{gene}", $"g{gene}")).ToArray();
        return (new SpeciesData("human", human.Cells, "cell_type"), new SpeciesData("mouse", mouse.Cells, "cell_type"),
            new GenePairTable("human", "mouse", pairs), human.Types);
    }

    private static (CellMatrix Cells, string[] Types) Species(string name, string prefix, int cells, int genes, int types, double[] profiles, Random random)
    {
        var scale = Enumerable.Range(0, genes).Select(_ => Math.Exp(Normal(random) * 0.5)).ToArray();
        var pointers = new int[cells + 1];
        var columns = new List<int>();
        var values = new List<float>();
        var labels = new string[cells];
        for (var cell = 0; cell < cells; cell++)
        {
            var type = random.Next(types);
            labels[cell] = $"type{type}";
            var library = Math.Exp(Normal(random) * 0.3);
            for (var gene = 0; gene < genes; gene++)
            {
                var count = Poisson(random, profiles[(type * genes) + gene] * scale[gene] * library);
                if (count > 0)
                {
                    columns.Add(gene);
                    values.Add(count);
                }
            }

            pointers[cell + 1] = columns.Count;
        }

        var obs = new AnnotationTable([.. Enumerable.Range(0, cells).Select(cell => $"{name}_{cell}")]);
        obs.Set("cell_type", CategoricalColumn.FromValues(labels));
        var var = new AnnotationTable([.. Enumerable.Range(0, genes).Select(gene => $"{prefix}{gene}")]);
        return (new CellMatrix(new CsrMatrix(cells, genes, pointers, [.. columns], [.. values]), obs, var), labels);
    }
}
