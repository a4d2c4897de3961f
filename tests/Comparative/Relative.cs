namespace PllmML.Comparative.Tests;

internal static class Relative
{
    /// <summary>Asserts |actual − expected| ≤ tolerance · max(|expected|, tiny), with a message naming what is compared.</summary>
    public static void Equal(double expected, double actual, double tolerance, string what)
    {
        var scale = Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(
            Math.Abs(actual - expected) <= tolerance * scale || (double.IsNaN(expected) && double.IsNaN(actual)),
            $"{what}: expected {expected:R}, got {actual:R} (relative difference {Math.Abs(actual - expected) / scale:E2})");
    }
}
