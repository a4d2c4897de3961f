namespace PllmML.Data.Orthologs;

/// <summary>
/// One row of a CACIMAR ortholog table (<c>Type, hs_ID, hs_Symbol, mm_ID, mm_Symbol</c>). In the one-to-many types a
/// field lists several genes separated by <c>;</c> (<c>Gstp1;Gstp2;Gstp-ps</c>); ID lists and symbol lists need not
/// have the same length.
/// </summary>
/// <param name="Type">The orthology type as written (<c>hs_mm_1T1</c>, <c>hs_mm_1TN</c>, <c>hs_mm_NT1</c>, <c>hs_mm_NTN</c>).</param>
/// <param name="GeneIdA">The species-A Ensembl gene ID (<c>ENSG…</c>; several separated by <c>;</c>), or empty when missing.</param>
/// <param name="GeneA">The species-A gene symbol, or several separated by <c>;</c>.</param>
/// <param name="GeneIdB">The species-B Ensembl gene ID (<c>ENSMUSG…</c>; several separated by <c>;</c>), or empty when missing.</param>
/// <param name="GeneB">The species-B gene symbol, or several separated by <c>;</c>.</param>
/// <param name="LineNumber">The 1-based line of the row in its file (line 1 is the header).</param>
public sealed record CacimarOrtholog(
    string Type, string GeneIdA, string GeneA, string GeneIdB, string GeneB, long LineNumber)
{
    /// <summary>The species-A symbols of <see cref="GeneA"/>, split at <c>;</c>, without empty items.</summary>
    public IReadOnlyList<string> SymbolsA => Split(GeneA);

    /// <summary>The species-B symbols of <see cref="GeneB"/>, split at <c>;</c>, without empty items.</summary>
    public IReadOnlyList<string> SymbolsB => Split(GeneB);

    private static string[] Split(string field) => field.Split(';', StringSplitOptions.RemoveEmptyEntries);
}
