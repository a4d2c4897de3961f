using PllmML.Transforms.SingleCell;

namespace PllmML.Transforms.Tests.SingleCell;

public sealed class LoessTests
{
    [Fact]
    public void Fit_Quadratic_MatchesNumpyDirectLoess()
    {
        var loess = Fixtures.SeuratV3.GetProperty("loess");
        var fitted = Loess.Fit(Fixtures.Doubles(loess.GetProperty("x")), Fixtures.Doubles(loess.GetProperty("y")), 0.3, 2);
        Fixtures.AssertClose(Fixtures.Doubles(loess.GetProperty("fitted")), fitted, 1e-9, "fitted");
    }

    [Fact]
    public void Fit_Linear_MatchesNumpyDirectLoess()
    {
        var loess = Fixtures.SeuratV3.GetProperty("loess");
        var fitted = Loess.Fit(Fixtures.Doubles(loess.GetProperty("x")), Fixtures.Doubles(loess.GetProperty("y")), 0.5, 1);
        Fixtures.AssertClose(Fixtures.Doubles(loess.GetProperty("fittedLinear")), fitted, 1e-9, "fitted");
    }

    [Fact]
    public void Fit_ExactQuadratic_IsReproduced()
    {
        var x = Enumerable.Range(0, 50).Select(i => i * 0.1).ToArray();
        var y = x.Select(v => 1 + (2 * v) - (0.5 * v * v)).ToArray();
        Fixtures.AssertClose(y, Loess.Fit(x, y, 0.3, 2), 1e-9, "fitted");
    }
}
