namespace PllmML.Deep;

/// <summary>The count distribution of the decoder (scvi-tools' <c>gene_likelihood</c>).</summary>
public enum GeneLikelihood
{
    /// <summary>Zero-inflated negative binomial (<c>"zinb"</c>, scvi-tools' default).</summary>
    ZeroInflatedNegativeBinomial,

    /// <summary>Negative binomial (<c>"nb"</c>).</summary>
    NegativeBinomial,
}
