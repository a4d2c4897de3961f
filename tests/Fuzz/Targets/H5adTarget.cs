using PllmML.Data;
using PllmML.Data.H5ad;

namespace PllmML.Fuzz.Tests.Targets;

/// <summary>anndata <c>.h5ad</c> files read by <see cref="H5adReader"/>: a small file written by
/// <see cref="H5adWriter"/> (sparse X, categorical and numeric obs columns, a string var column). HDF5 has no
/// checksum over this data, so changed values are legitimately read.</summary>
public sealed class H5adTarget : FuzzTarget
{
    private static readonly Lazy<byte[][]> SeedFiles = new(() => [MakeSeed()]);

    /// <inheritdoc />
    public override string Name => "h5ad";

    /// <inheritdoc />
    public override string Extension => ".h5ad";

    /// <inheritdoc />
    public override int DefaultInputs => 300;

    /// <inheritdoc />
    /// <remarks>Longer than the default: committing PureHDF's 2 GiB allocations takes seconds on a loaded machine.</remarks>
    public override TimeSpan Timeout => TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public override IReadOnlyList<byte[]> Seeds() => SeedFiles.Value;

    /// <inheritdoc />
    public override string Read(string path) => DigestCells(H5adReader.Read(path));

    /// <summary>Digests names, X and the obs and var columns.</summary>
    /// <param name="data">The cells.</param>
    public static string DigestCells(CellMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var digest = new FuzzDigest().Add(data.CellNames).Add(data.GeneNames)
            .Add(data.X.RowPointers).Add(data.X.ColumnIndices).Add(data.X.Values);
        foreach (var table in new[] { data.Obs, data.Var })
        {
            foreach (var column in table.ColumnNames)
            {
                digest.Add(column).Add(Enumerable.Range(0, table.RowCount).Select(row => table[column].FormatValue(row)));
            }
        }

        return digest.ToString();
    }

    private static byte[] MakeSeed()
    {
        const int cells = 40;
        const int genes = 25;
        var random = new Random(11);
        var pointers = new List<int> { 0 };
        var indices = new List<int>();
        var values = new List<float>();
        for (var cell = 0; cell < cells; cell++)
        {
            for (var gene = 0; gene < genes; gene++)
            {
                if (random.Next(3) == 0)
                {
                    indices.Add(gene);
                    values.Add(random.Next(1, 30));
                }
            }

            pointers.Add(indices.Count);
        }

        var obs = new AnnotationTable([.. Enumerable.Range(0, cells).Select(i => $"cell{i}")]);
        obs.Set("cell_type", new CategoricalColumn([.. Enumerable.Range(0, cells).Select(i => i % 3)], ["alpha", "beta", "delta"]));
        obs.Set("n_counts", new NumericColumn([.. Enumerable.Range(0, cells).Select(i => (double)(i * 7 % 13))]));
        var var = new AnnotationTable([.. Enumerable.Range(0, genes).Select(i => $"GENE{i}")]);
        var.Set("gene_ids", new StringColumn([.. Enumerable.Range(0, genes).Select(i => $"ENSG{i:00000000000}")]));
        var data = new CellMatrix(new CsrMatrix(cells, genes, [.. pointers], [.. indices], [.. values]), obs, var);
        var folder = Directory.CreateTempSubdirectory("pllm-fuzz-seed-");
        try
        {
            var path = Path.Combine(folder.FullName, "seed.h5ad");
            H5adWriter.Write(data, path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
