using System.Globalization;
using BenchmarkDotNet.Running;
using PllmML.Benchmarks.Scale;

// `scale-data <cells> <folder> [seed]` writes the scale benchmark's inputs (benchmarks/Scale); anything else runs BenchmarkDotNet.
if (args is ["scale-data", var cells, var folder, ..])
{
    ScaleData.Write(int.Parse(cells, CultureInfo.InvariantCulture), folder, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1);
    return;
}

// `eval-scale <cells> [seed] [--exact-silhouettes]` times every scib metric in one whole process (benchmarks/Evaluation, issue #18).
if (args is ["eval-scale", var evalCells, ..])
{
    var evalSeed = args.Skip(2).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
    PllmML.Benchmarks.Evaluation.EvaluationScale.Run(
        int.Parse(evalCells, CultureInfo.InvariantCulture), evalSeed is null ? 7 : int.Parse(evalSeed, CultureInfo.InvariantCulture), args.Contains("--exact-silhouettes"));
    return;
}

// `harmony-kernel-times [repeats]` times Harmony's kernels old and new by wall clock and CPU time (benchmarks/Integration).
if (args is ["harmony-kernel-times", ..])
{
    PllmML.Benchmarks.Integration.HarmonyKernelTimes.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 9, args.Length > 2 ? args[2] : null);
    return;
}

// `integrate-times <folder>` times the predict stage's parts on a scale folder with a fitted out/model.zip (benchmarks/Scale).
if (args is ["integrate-times", var integrateFolder, ..])
{
    IntegrateTimes.Run(integrateFolder);
    return;
}

// `knn-raw <file> <dimensions>` times the exact 90-NN graph of an embedding stored as raw little-endian float64 rows
// (e.g. a run's obsm X_pllm written by numpy's tofile), the graph the scib metrics search (benchmarks/Evaluation).
if (args is ["knn-raw", var file, var dims, ..])
{
    var data = PllmML.Benchmarks.Evaluation.RawEmbedding.Read(file);
    var d = int.Parse(dims, CultureInfo.InvariantCulture);
    var w = System.Diagnostics.Stopwatch.StartNew();
    var g = PllmML.Kernels.Neighbors.ExactKnn.Search(data, d, 90);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"knn-raw: {data.Length / d:N0} × {d}, 90 neighbours: {w.Elapsed.TotalSeconds:F2} s; index checksum {g.Indices.Select((x, i) => (long)x * ((i % 97) + 1)).Sum()}"));
    return;
}

// `query-raw <file> <dimensions> <split> <k>` times the exact k-NN of rows [0, split) among rows [split, n) of an embedding
// stored as raw float64 rows (cross-species label transfer when one species' cells come first).
if (args is ["query-raw", var queryFile, var queryDims, var querySplit, var queryK, ..])
{
    var data = PllmML.Benchmarks.Evaluation.RawEmbedding.Read(queryFile);
    var d = int.Parse(queryDims, CultureInfo.InvariantCulture);
    var split = int.Parse(querySplit, CultureInfo.InvariantCulture);
    var w = System.Diagnostics.Stopwatch.StartNew();
    var g = PllmML.Kernels.Neighbors.ExactKnn.Query(data, d, Enumerable.Range(0, split).ToArray(), Enumerable.Range(split, (data.Length / d) - split).ToArray(), int.Parse(queryK, CultureInfo.InvariantCulture), excludeSelf: false);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"query-raw: {split:N0} queries, {(data.Length / d) - split:N0} references × {d}, k = {queryK}: {w.Elapsed.TotalSeconds:F2} s; index checksum {g.Indices.Select((x, i) => (long)x * ((i % 97) + 1)).Sum()}"));
    return;
}

// `lisi-raw <file> <dimensions> <split>` times cLISI and iLISI's per-cell weights (89 neighbours, perplexity 30) on an
// embedding stored as raw float64 rows: batches are rows before and from split, cell types row mod 12.
if (args is ["lisi-raw", var lisiFile, var lisiDims, var lisiSplit, ..])
{
    var data = PllmML.Benchmarks.Evaluation.RawEmbedding.Read(lisiFile);
    var d = int.Parse(lisiDims, CultureInfo.InvariantCulture);
    var n = data.Length / d;
    var split = int.Parse(lisiSplit, CultureInfo.InvariantCulture);
    var graph = PllmML.Kernels.Neighbors.ExactKnn.Search(data, d, 89);
    var labels = new PllmML.Evaluation.LabelCodes([.. Enumerable.Range(0, n).Select(i => $"type{i % 12}")]);
    var batches = new PllmML.Evaluation.LabelCodes([.. Enumerable.Range(0, n).Select(i => i < split ? "a" : "b")]);
    var w = System.Diagnostics.Stopwatch.StartNew();
    var lisi = PllmML.Evaluation.Lisi.PerCell(graph, [labels, batches]);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"lisi-raw: {n:N0} cells, 89 neighbours: {w.Elapsed.TotalSeconds:F2} s; sums {lisi[0].Sum():R} {lisi[1].Sum():R}"));
    return;
}

// `kmeans-raw <file> <dimensions> <k>` times scib's KMeans (k-means++ and Lloyd, 10 restarts, seed 0) on an embedding
// stored as raw float64 rows, with a checksum of the winning labels.
if (args is ["kmeans-raw", var kmeansFile, var kmeansDims, var kmeansK, ..])
{
    var data = PllmML.Benchmarks.Evaluation.RawEmbedding.Read(kmeansFile);
    var d = int.Parse(kmeansDims, CultureInfo.InvariantCulture);
    var w = System.Diagnostics.Stopwatch.StartNew();
    var result = PllmML.Kernels.Clustering.KMeans.FitBestOf(data, d, int.Parse(kmeansK, CultureInfo.InvariantCulture), 0, 10);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"kmeans-raw: {data.Length / d:N0} × {d}, k = {kmeansK}, 10 restarts: {w.Elapsed.TotalSeconds:F2} s; inertia {result.Inertia:R}; label checksum {result.Labels.Select((x, i) => (long)x * ((i % 97) + 1)).Sum()}"));
    return;
}

// `louvain-raw <file> <dimensions>` times scib's Louvain (the 15-NN connectivities, every resolution side by side) on an
// embedding stored as raw float64 rows; the 15-NN graph is kept beside the file (<file>.knn15) for the next run.
if (args is ["louvain-raw", var louvainFile, var louvainDims, ..])
{
    PllmML.Benchmarks.Evaluation.LouvainRaw.Run(louvainFile, int.Parse(louvainDims, CultureInfo.InvariantCulture));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
