namespace PllmML.Trainers.Tests.SingleCell;

/// <summary>Cells are aligned to the model's genes by name: the data's gene order does not change a prediction.</summary>
public sealed class GeneOrderTests
{
    [Fact]
    public void Predict_GenesInReverseOrder_PredictsTheSameBits()
    {
        var human = PancreasModel.Human;
        var reversed = human.SelectGenes([.. Enumerable.Range(0, human.GeneCount).Reverse()]);
        Assert.Equal(human.GeneNames[^1], reversed.GeneNames[0]);

        var expected = PancreasModel.Model.Predict("human", human);
        var actual = PancreasModel.Model.Predict("human", reversed);

        Assert.Equal(expected.Embedding, actual.Embedding);
        Assert.Equal(expected.Probabilities, actual.Probabilities);
        Assert.Equal(expected.Labels, actual.Labels);
        Assert.Equal(expected.GenesFound, actual.GenesFound);
    }
}
