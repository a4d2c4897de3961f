namespace PllmML.Benchmarks;

/// <summary>The random draws of the generated benchmark data (<c>Integration/SyntheticSpecies</c>, <c>Scale/ScaleData</c>).</summary>
internal static class SyntheticDraws
{
    /// <summary>A standard normal draw (Box–Muller, one of the pair).</summary>
    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>A Poisson draw: Knuth's product of uniforms, a rounded normal above a mean of 30.</summary>
    public static int Poisson(Random random, double lambda)
    {
        if (lambda > 30)
        {
            return Math.Max(0, (int)Math.Round(lambda + (Math.Sqrt(lambda) * Normal(random))));
        }

        var limit = Math.Exp(-lambda);
        var product = random.NextDouble();
        var count = 0;
        while (product > limit)
        {
            product *= random.NextDouble();
            count++;
        }

        return count;
    }
}
