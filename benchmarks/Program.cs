using System.Globalization;
using BenchmarkDotNet.Running;
using PllmML.Benchmarks.Scale;

// `scale-data <cells> <folder> [seed]` writes the scale benchmark's inputs (benchmarks/Scale); anything else runs BenchmarkDotNet.
if (args is ["scale-data", var cells, var folder, ..])
{
    ScaleData.Write(int.Parse(cells, CultureInfo.InvariantCulture), folder, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
