using System.Globalization;

namespace PllmML.Kernels.Tests;

/// <summary>Runs a numpy script on a matrix written to a temporary text file and parses the numbers it prints.</summary>
internal static class Numpy
{
    private static readonly Lazy<bool> Available = new(() =>
        File.Exists(PythonPeer.Interpreter) && PythonPeer.TryRun("-c", "import numpy").ExitCode == 0);

    /// <summary>Null when numpy is there, else why numpy tests are skipped.</summary>
    public static string? SkipReason => Available.Value ? null : $"needs {PythonPeer.Interpreter} with numpy (apt-get install python3-numpy)";

    /// <summary>Runs <paramref name="script"/> with the matrix's path as <c>sys.argv[1]</c>; one array per printed line.</summary>
    public static double[][] Run(string script, IEnumerable<double> matrix)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, string.Join(' ', matrix.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
            return PythonPeer.Run("-c", script, path)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
                .ToArray();
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Standard normal values from a fixed seed (Box–Muller on <see cref="System.Random"/>).</summary>
    public static double[] Gaussian(int count, int seed)
    {
        var random = new System.Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))
            .ToArray();
    }
}
