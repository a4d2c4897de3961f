using Microsoft.ML;

namespace PllmML.Trainers.SingleCell;

/// <summary>The entry point <c>mlContext.SingleCell()</c> (the pattern of AutoML's <c>mlContext.Auto()</c>).</summary>
public static class SingleCellMLContextExtensions
{
    /// <summary>The single-cell stages of this context.</summary>
    /// <param name="mlContext">The context.</param>
    public static SingleCellCatalog SingleCell(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new SingleCellCatalog(mlContext);
    }
}
