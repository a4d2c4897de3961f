namespace PllmML.Kernels.Statistics;

/// <summary>Scratch arrays of <see cref="WilcoxonRankSum.OneVersusRest"/>, reused between genes on one thread.</summary>
public sealed class RankSumWorkspace
{
    internal double[] Keys { get; private set; } = [];

    internal int[] Owners { get; private set; } = [];

    internal double[] RankSums { get; private set; } = [];

    internal int[] NonZeroPerGroup { get; private set; } = [];

    internal void Ensure(int values, int groups)
    {
        if (Keys.Length < values)
        {
            Keys = new double[Math.Max(values, Keys.Length * 2)];
            Owners = new int[Keys.Length];
        }

        if (RankSums.Length < groups)
        {
            RankSums = new double[groups];
            NonZeroPerGroup = new int[groups];
        }
    }
}
