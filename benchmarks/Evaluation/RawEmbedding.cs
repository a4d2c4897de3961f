namespace PllmML.Benchmarks.Evaluation;

/// <summary>An embedding stored as raw little-endian float64 rows (numpy's <c>tofile</c>), as the `*-raw` verbs read it.</summary>
internal static class RawEmbedding
{
    /// <summary>Every value of <paramref name="file"/>, row-major.</summary>
    public static double[] Read(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var data = new double[bytes.Length / sizeof(double)];
        Buffer.BlockCopy(bytes, 0, data, 0, bytes.Length);
        return data;
    }
}
