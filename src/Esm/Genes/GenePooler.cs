using PllmML.Data;
using PllmML.Data.Embeddings;
using PllmML.Data.Proteins;

namespace PllmML.Esm.Genes;

/// <summary>
/// Turns protein embeddings into gene embeddings the way the original project's
/// <c>convert_protein_embeddings_to_gene_embeddings.py</c> does (mean, max or one canonical isoform per gene), with
/// an audit row per gene.
/// </summary>
public static class GenePooler
{
    /// <summary>Pools proteins into genes.</summary>
    /// <param name="proteins">The protein embeddings, one row per protein id.</param>
    /// <param name="records">The protein records (for the gene and the length); ids must match the table's rows.</param>
    /// <param name="pooling">The pooling.</param>
    /// <param name="key">Which header field names the gene.</param>
    /// <param name="canonicalProteins">For <see cref="GenePooling.Canonical"/>: gene → protein id; genes not in it
    /// (or whose protein is absent) use their longest isoform. May be null.</param>
    public static GeneEmbeddingResult Pool(EmbeddingTable proteins, IReadOnlyList<ProteinRecord> records, GenePooling pooling,
        GeneKey key = GeneKey.Symbol, IReadOnlyDictionary<string, string>? canonicalProteins = null)
    {
        ArgumentNullException.ThrowIfNull(proteins);
        ArgumentNullException.ThrowIfNull(records);
        var rowById = proteins.Ids.Select((id, row) => (id, row)).ToDictionary(pair => pair.id, pair => pair.row, StringComparer.Ordinal);
        var genes = new Dictionary<string, List<ProteinRecord>>(StringComparer.Ordinal);
        var order = new List<string>();
        var withoutGene = 0;
        foreach (var record in records)
        {
            var gene = key == GeneKey.Symbol ? record.GeneSymbol : record.GeneId;
            if (string.IsNullOrEmpty(gene))
            {
                withoutGene++;
                continue;
            }

            if (!genes.TryGetValue(gene, out var isoforms))
            {
                genes[gene] = isoforms = [];
                order.Add(gene);
            }

            isoforms.Add(record);
        }

        var matrix = new DenseMatrix(order.Count, proteins.Width);
        var audit = new List<GeneAuditRow>(order.Count);
        for (var row = 0; row < order.Count; row++)
        {
            var isoforms = genes[order[row]];
            var (used, note) = pooling == GenePooling.Canonical
                ? ChooseCanonical(order[row], isoforms, canonicalProteins)
                : (isoforms, pooling == GenePooling.Mean ? "mean" : "max");
            Combine(used.Select(protein => proteins[rowById[protein.ProteinId]].ToArray()).ToList(), pooling, matrix.Row(row));
            audit.Add(new GeneAuditRow(order[row], isoforms.Count, used.Count, isoforms.Count - used.Count, used.Select(p => p.ProteinId).ToArray(), note));
        }

        return new GeneEmbeddingResult(new EmbeddingTable([.. order], matrix), audit, withoutGene);
    }

    /// <summary>Reads a canonical-isoform table: two tab- or comma-separated columns, gene then protein id; a first
    /// line whose second field is not a protein of the run may be a header and is skipped.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="DataFormatException">A line does not have two fields, or a gene repeats.</exception>
    public static Dictionary<string, string> ReadCanonicalTable(string path)
    {
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split(line.Contains('\t', StringComparison.Ordinal) ? '\t' : ',');
            if (fields.Length < 2)
            {
                throw new DataFormatException(path, $"line {number}", "expected two columns: gene, protein id");
            }

            if (number == 1 && fields[0].Trim().Equals("gene", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!table.TryAdd(fields[0].Trim(), fields[1].Trim()))
            {
                throw new DataFormatException(path, $"line {number}", $"the gene '{fields[0].Trim()}' is listed twice");
            }
        }

        return table;
    }

    private static (List<ProteinRecord>, string) ChooseCanonical(string gene, List<ProteinRecord> isoforms, IReadOnlyDictionary<string, string>? table)
    {
        if (table is not null && table.TryGetValue(gene, out var chosen))
        {
            var match = isoforms.FirstOrDefault(p => p.ProteinId == chosen || StripVersion(p.ProteinId) == StripVersion(chosen));
            if (match is not null)
            {
                return ([match], "table");
            }

            return ([Longest(isoforms)], $"table protein {chosen} absent; longest");
        }

        return ([Longest(isoforms)], "longest");
    }

    private static ProteinRecord Longest(List<ProteinRecord> isoforms) =>
        isoforms.Aggregate((best, next) => next.Length > best.Length ? next : best);

    private static string StripVersion(string id) => id.Split('.')[0];

    private static void Combine(List<float[]> vectors, GenePooling pooling, Span<float> target)
    {
        if (pooling == GenePooling.Max)
        {
            vectors[0].CopyTo(target);
            foreach (var vector in vectors.Skip(1))
            {
                for (var j = 0; j < target.Length; j++)
                {
                    target[j] = Math.Max(target[j], vector[j]);
                }
            }

            return;
        }

        for (var j = 0; j < target.Length; j++)
        {
            double sum = 0;
            foreach (var vector in vectors)
            {
                sum += vector[j];
            }

            target[j] = (float)(sum / vectors.Count);
        }
    }
}
