namespace PllmML.Esm;

/// <summary>What a forward pass should return.</summary>
public sealed record EsmForwardRequest
{
    /// <summary>
    /// The representation layers, fair-esm's numbering: 0 = scaled token embeddings, i = the residual stream after
    /// block i, L (the last) = after the final LayerNorm; −1 means L. Default: the last layer.
    /// </summary>
    public IReadOnlyList<int> Layers { get; init; } = [-1];

    /// <summary>Return each layer's mean over residue positions (extract.py <c>--include mean</c>).</summary>
    public bool Means { get; init; } = true;

    /// <summary>Return each layer's states for every token, <c>&lt;cls&gt;</c> and <c>&lt;eos&gt;</c> included
    /// (extract.py <c>--include per_tok</c> keeps residues only: rows 1..n).</summary>
    public bool PerToken { get; init; }

    /// <summary>Return the masked-LM logits for every token (needs the LM head).</summary>
    public bool Logits { get; init; }
}
