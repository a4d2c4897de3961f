namespace PllmML.Esm.Embedding;

/// <summary>
/// Groups sequences into model calls the way extract.py does: sorted by length, a batch grows while
/// (longest length) × (count + 1) stays within the token budget, so padding is small and memory bounded.
/// </summary>
public static class TokenBatchPlanner
{
    /// <summary>Plans batches.</summary>
    /// <param name="tokenLengths">Tokens of each sequence, <c>&lt;cls&gt;</c>/<c>&lt;eos&gt;</c> included.</param>
    /// <param name="maxTokens">The budget; a sequence longer than it forms a batch of its own.</param>
    /// <returns>Batches of indices into <paramref name="tokenLengths"/>, shortest sequences first.</returns>
    public static List<int[]> Plan(IReadOnlyList<int> tokenLengths, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(tokenLengths);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 3);
        var order = Enumerable.Range(0, tokenLengths.Count).OrderBy(i => tokenLengths[i]).ThenBy(i => i);
        var batches = new List<int[]>();
        var current = new List<int>();
        var longest = 0;
        foreach (var index in order)
        {
            var length = tokenLengths[index];
            if (current.Count > 0 && (long)Math.Max(longest, length) * (current.Count + 1) > maxTokens)
            {
                batches.Add([.. current]);
                current.Clear();
                longest = 0;
            }

            current.Add(index);
            longest = Math.Max(longest, length);
        }

        if (current.Count > 0)
        {
            batches.Add([.. current]);
        }

        return batches;
    }
}
