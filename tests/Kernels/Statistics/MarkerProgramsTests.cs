using PllmML.Kernels.Statistics;

namespace PllmML.Kernels.Tests.Statistics;

/// <summary>Marker programs against their definition, worked by hand on a small table.</summary>
public sealed class MarkerProgramsTests
{
    [Fact]
    public void Select_RanksGenesByMeanOverTheOtherCells_AmongGenesDetectedInHalfTheType()
    {
        // Three types of 2, 4 and 4 cells; four genes. Per type, the sums of the log values and the cells detecting each gene.
        double[] sums =
        [
            4.0, 0.2, 1.0, 0.0, // type 0: means 2.0, 0.1, 0.5, 0
            0.0, 8.0, 0.4, 2.0, // type 1: means 0, 2.0, 0.1, 0.5
            0.0, 0.0, 4.0, 1.2, // type 2: means 0, 0, 1.0, 0.3
        ];
        int[] detected = [2, 1, 1, 0, 0, 4, 1, 4, 0, 0, 4, 1];
        int[] cells = [2, 4, 4];

        var programs = MarkerPrograms.Select(sums, detected, cells, 4, 2);

        // Type 0 against the other 8 cells: gene 0: 2.0 − 0/8 = 2.0; gene 1: 0.1 − 8/8 = −0.9 (detected in 1 of 2: kept);
        // gene 2: 0.5 − 4.4/8 = −0.05; gene 3 undetected. Top two: 0, 2.
        Assert.Equal([0, 2], programs[0]);
        // Type 1 against 6 cells: gene 1: 2.0 − 0.2/6; gene 3: 0.5 − 1.2/6 = 0.3; gene 2 detected in 1 of 4 (< half) is out.
        Assert.Equal([1, 3], programs[1]);
        // Type 2 against 6 cells: gene 2: 1.0 − 1.4/6 ≈ 0.767; gene 3 detected in 1 of 4 is out; genes 0, 1 undetected.
        Assert.Equal([2], programs[2]);
    }

    [Fact]
    public void Score_AveragesTheMeasuredGenesOfTheProgram_AndIsNaNWithoutAny()
    {
        float[] values = [1f, 2f, 3f, 4f];

        Assert.Equal(3.0, MarkerPrograms.Score(values, [1, 3]));
        Assert.Equal(4.0, MarkerPrograms.Score(values, [1, 3], [true, false, true, true]));
        Assert.True(double.IsNaN(MarkerPrograms.Score(values, [1], [true, false, true, true])));
        Assert.Throws<ArgumentException>(() => MarkerPrograms.Select(new double[3], new int[4], [1, 1], 2, 1));
    }

    [Fact]
    public void Select_GivesNoProgram_ToATypeWithoutCells_OrWhenItIsTheOnlyType()
    {
        Assert.Equal([[], [0], [1]], MarkerPrograms.Select([0, 0, 3, 1, 0, 2], [0, 0, 2, 1, 0, 2], [0, 2, 2], 2, 1));
        Assert.Equal([[], []], MarkerPrograms.Select([0, 0, 3, 1], [0, 0, 2, 1], [0, 2], 2, 1));
        Assert.Equal([[]], MarkerPrograms.Select([3, 1], [2, 1], [2], 2, 1));
    }
}
