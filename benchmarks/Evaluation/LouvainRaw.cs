using System.Diagnostics;
using System.Globalization;
using PllmML.Evaluation;
using PllmML.Kernels.Neighbors;

namespace PllmML.Benchmarks.Evaluation;

/// <summary>
/// <c>louvain-raw &lt;file&gt; &lt;dimensions&gt;</c>: scib's Louvain step as <see cref="ScibMetrics.Compute"/> runs it (the
/// fuzzy connectivities of the 15-NN graph, every resolution side by side on the machine's cores) on an embedding stored
/// as raw little-endian float64 rows, e.g. a run's <c>obsm/X_pllm</c> written with numpy's <c>tofile</c>. Prints each
/// resolution's communities and modularity, the seconds of the graph, the connectivities and the clusterings, and a
/// checksum of the memberships (issue #18).
/// </summary>
internal static class LouvainRaw
{
    public static void Run(string file, int dimensions)
    {
        var cached = file + ".knn15";
        var watch = Stopwatch.StartNew();
        NeighborGraph graph;
        if (File.Exists(cached))
        {
            graph = Read(cached);
            Console.WriteLine(Invariant($"15-NN graph read from {cached}: {watch.Elapsed.TotalSeconds:F1} s"));
        }
        else
        {
            var data = RawEmbedding.Read(file);
            graph = ExactKnn.Search(data, dimensions, 15);
            Console.WriteLine(Invariant($"15-NN graph of {data.Length / dimensions:N0} × {dimensions}: {watch.Elapsed.TotalSeconds:F1} s"));
            Write(cached, graph);
        }

        watch.Restart();
        var connectivities = FuzzySimplicialSet.Build(graph);
        Console.WriteLine(Invariant($"connectivities: {watch.Elapsed.TotalSeconds:F1} s"));

        var resolutions = new ScibOptions().Resolutions;
        var clusterings = new int[resolutions.Count][];
        var seconds = new double[resolutions.Count];
        watch.Restart();
        Parallel.For(0, resolutions.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, r =>
        {
            var own = Stopwatch.StartNew();
            clusterings[r] = LouvainClustering.Cluster(connectivities, resolutions[r]);
            seconds[r] = own.Elapsed.TotalSeconds;
        });
        var all = watch.Elapsed.TotalSeconds;
        for (var r = 0; r < resolutions.Count; r++)
        {
            Console.WriteLine(Invariant(
                $"resolution {resolutions[r]:0.0}: {clusterings[r].Max() + 1} communities, modularity {LouvainClustering.Modularity(connectivities, clusterings[r], resolutions[r]):F6}, {seconds[r]:F1} s"));
        }

        var checksum = clusterings.SelectMany(c => c).Select((code, i) => (long)code * ((i % 89) + 1)).Sum();
        Console.WriteLine(Invariant($"all {resolutions.Count} resolutions on {Environment.ProcessorCount} threads: {all:F1} s; membership checksum {checksum}"));
    }

    private static void Write(string path, NeighborGraph graph)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(graph.CellCount);
        writer.Write(graph.NeighborCount);
        foreach (var index in graph.Indices)
        {
            writer.Write(index);
        }

        foreach (var distance in graph.Distances)
        {
            writer.Write(distance);
        }
    }

    private static NeighborGraph Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var (cells, k) = (reader.ReadInt32(), reader.ReadInt32());
        var indices = new int[cells * k];
        var distances = new double[cells * k];
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = reader.ReadInt32();
        }

        for (var i = 0; i < distances.Length; i++)
        {
            distances[i] = reader.ReadDouble();
        }

        return new NeighborGraph(cells, k, indices, distances);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
