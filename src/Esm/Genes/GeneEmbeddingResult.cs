using PllmML.Data.Embeddings;

namespace PllmML.Esm.Genes;

/// <summary>Gene embeddings with the per-gene audit.</summary>
/// <param name="Genes">One row per gene, in order of first appearance.</param>
/// <param name="Audit">One row per gene, same order.</param>
/// <param name="ProteinsWithoutGene">Proteins whose header names no gene (left out).</param>
public sealed record GeneEmbeddingResult(EmbeddingTable Genes, IReadOnlyList<GeneAuditRow> Audit, int ProteinsWithoutGene)
{
    /// <summary>Writes the audit as TSV: gene, isoforms_found, isoforms_used, isoforms_dropped, used_proteins, note.</summary>
    /// <param name="path">The file.</param>
    public void WriteAudit(string path)
    {
        using var writer = new StreamWriter(path);
        writer.Write("gene\tisoforms_found\tisoforms_used\tisoforms_dropped\tused_proteins\tnote\n");
        foreach (var row in Audit)
        {
            writer.Write($"{row.Gene}\t{row.IsoformsFound}\t{row.IsoformsUsed}\t{row.IsoformsDropped}\t{string.Join(',', row.UsedProteins)}\t{row.Note}\n");
        }
    }
}
