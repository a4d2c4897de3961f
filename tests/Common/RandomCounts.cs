namespace PllmML.Tests.Common;

/// <summary>Random numbers for synthetic count fixtures.</summary>
internal static class RandomCounts
{
    /// <summary>A Poisson draw by Knuth's product of uniforms (fine for the small means of test fixtures).</summary>
    /// <param name="random">The generator (fixed seed).</param>
    /// <param name="mean">The mean.</param>
    public static float Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var product = random.NextDouble(); product > limit; product *= random.NextDouble())
        {
            k++;
        }

        return k;
    }
}
