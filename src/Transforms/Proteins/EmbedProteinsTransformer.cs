using Microsoft.ML;
using PllmML.Transforms.SingleCell;

namespace PllmML.Transforms.Proteins;

/// <summary>
/// The fitted <see cref="EmbedProteinsEstimator"/>: a façade over a chain of ML.NET built-ins, to which it delegates
/// transforming and saving. After <c>mlContext.Model.Load</c> the chain comes back as a
/// <c>TransformerChain&lt;ITransformer&gt;</c> that computes the same values.
/// </summary>
public sealed class EmbedProteinsTransformer : DelegatingTransformer
{
    internal EmbedProteinsTransformer(ITransformer inner)
        : base(inner)
    {
    }
}
