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

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
