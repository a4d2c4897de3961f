namespace PllmML.Data.Orthologs;

/// <summary>How the genes of one species column of a <see cref="MultiSpeciesGeneTable"/> are spread over its rows.</summary>
/// <param name="Column">The column name (for example <c>pig gene name</c>).</param>
/// <param name="DistinctGenes">The number of distinct genes (exact, case-sensitive symbols).</param>
/// <param name="RowsWithRepeatedGene">Rows whose gene of this column occurs in more than one row.</param>
public sealed record SpeciesColumnSummary(string Column, int DistinctGenes, int RowsWithRepeatedGene)
{
    /// <summary>Whether every gene of this column occurs in exactly one row.</summary>
    public bool IsOneToOne => RowsWithRepeatedGene == 0;

    /// <summary>Computes the summary.</summary>
    /// <param name="column">The column name.</param>
    /// <param name="genes">The column's genes, one per row.</param>
    public static SpeciesColumnSummary Compute(string column, IReadOnlyList<string> genes)
    {
        ArgumentNullException.ThrowIfNull(genes);
        var rowsPerGene = genes.CountBy(gene => gene, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        return new SpeciesColumnSummary(
            column, rowsPerGene.Count, rowsPerGene.Values.Where(rows => rows > 1).Sum());
    }
}
