using System.Text;

namespace PllmML.Comparative;

/// <summary>
/// Writes a <see cref="ComparativeResult"/>: <c>conserved_markers.csv</c>, <c>markers_&lt;species&gt;.csv</c>,
/// <c>cell_type_similarity.csv</c> (MetaNeighbor AUROC), <c>cell_type_similarity_one_vs_best.csv</c>,
/// <c>cell_type_alignment.csv</c>, <c>best_matches.csv</c>, <c>gene_pairs.csv</c>, <c>skipped_cell_types.csv</c> and
/// <c>markers.html</c>. With more than two species, each pair's matrices are also written with the pair in the name.
/// </summary>
public static class ComparativeWriter
{
    /// <summary>The report's file name.</summary>
    public const string ReportFileName = "markers.html";

    /// <summary>Writes every output file into the folder (created when absent).</summary>
    /// <param name="result">The analysis.</param>
    /// <param name="folder">The output folder.</param>
    /// <param name="options">The settings (for the report); null for the defaults.</param>
    public static void Write(ComparativeResult result, string folder, ComparativeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(folder);
        void Save(string name, string text) => File.WriteAllText(Path.Combine(folder, name), text, new UTF8Encoding(false));
        Save("conserved_markers.csv", ConservedCsv(result));
        foreach (var species in result.Markers)
        {
            Save($"markers_{species.Species}.csv", MarkersCsv(species));
        }

        for (var i = 0; i < result.Similarity.Count; i++)
        {
            var similarity = result.Similarity[i];
            var oneVersusBest = result.MetaNeighbor.BestMatches(similarity.RowSpecies, similarity.ColumnSpecies);
            var suffix = result.Similarity.Count == 1 || i == 0 ? string.Empty : $"_{similarity.RowSpecies}_{similarity.ColumnSpecies}";
            Save($"cell_type_similarity{suffix}.csv", similarity.ToCsv());
            Save($"cell_type_similarity_one_vs_best{suffix}.csv", oneVersusBest.ToCsv());
            if (result.Alignment.Count > i)
            {
                Save($"cell_type_alignment{suffix}.csv", result.Alignment[i].ToCsv());
            }

            if (result.Similarity.Count > 1 && i == 0)
            {
                var pair = $"_{similarity.RowSpecies}_{similarity.ColumnSpecies}";
                Save($"cell_type_similarity{pair}.csv", similarity.ToCsv());
                Save($"cell_type_similarity_one_vs_best{pair}.csv", oneVersusBest.ToCsv());
                if (result.Alignment.Count > 0)
                {
                    Save($"cell_type_alignment{pair}.csv", result.Alignment[0].ToCsv());
                }
            }
        }

        Save("best_matches.csv", BestMatchesCsv(result));
        Save("gene_pairs.csv", GenePairsCsv(result));
        Save("skipped_cell_types.csv", SkippedCsv(result));
        Save(ReportFileName, MarkersHtml.Render(result, options));
    }

    private static string N(double value) => Csv.Number(value);

    private static string ConservedCsv(ComparativeResult result)
    {
        var text = new StringBuilder();
        text.Append("cell_type,gene");
        foreach (var species in result.Species)
        {
            text.Append(CultureInvariant($",p_{species},logfc_{species},pct_in_{species},pct_out_{species}"));
        }

        text.Append(",p_combined,fdr\n");
        foreach (var marker in result.Conserved)
        {
            text.Append(Csv.Field(marker.CellType)).Append(',').Append(Csv.Field(marker.Gene));
            var tested = result.Markers.Where(x => x.Markers.ContainsKey(marker.CellType)).Select(x => x.Species).ToList();
            foreach (var species in result.Species)
            {
                var position = tested.IndexOf(species);
                var m = position < 0 ? null : marker.PerSpecies[position];
                text.Append(m is null ? ",NA,NA,NA,NA" : $",{N(m.PValue)},{N(m.LogFoldChange)},{N(m.PctIn)},{N(m.PctOut)}");
            }

            text.Append(',').Append(N(marker.CombinedPValue)).Append(',').Append(N(marker.Fdr)).Append('\n');
        }

        return text.ToString();
    }

    private static string CultureInvariant(FormattableString value) => FormattableString.Invariant(value);

    private static string MarkersCsv(SpeciesMarkers species)
    {
        var text = new StringBuilder("cell_type,gene,p,logfc,pct_in,pct_out,mean_in,fdr,p_bonferroni\n");
        foreach (var (_, list) in species.Markers.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            foreach (var m in list)
            {
                text.Append(CultureInvariant($"{Csv.Field(m.CellType)},{Csv.Field(m.Gene)},{N(m.PValue)},{N(m.LogFoldChange)},{N(m.PctIn)},{N(m.PctOut)},{N(m.MeanIn)},{N(m.Fdr)},{N(m.Bonferroni)}\n"));
            }
        }

        return text.ToString();
    }

    private static string BestMatchesCsv(ComparativeResult result)
    {
        var text = new StringBuilder("species,cell_type,other_species,best_match,auroc,reciprocal,one_vs_best_match,one_vs_best_auroc,runner_up,alignment_match,alignment_score\n");
        foreach (var b in result.BestMatches)
        {
            text.Append(string.Concat(
                $"{Csv.Field(b.Species)},{Csv.Field(b.CellType)},{Csv.Field(b.OtherSpecies)},{Csv.Field(b.Match)},{N(b.Auroc)},{(b.Reciprocal ? "true" : "false")},",
                $"{Csv.Field(b.OneVersusBestMatch ?? "NA")},{N(b.OneVersusBestAuroc)},{Csv.Field(b.RunnerUp ?? "NA")},{Csv.Field(b.AlignmentMatch ?? "NA")},{N(b.AlignmentScore)}\n"));
        }

        return text.ToString();
    }

    private static string GenePairsCsv(ComparativeResult result)
    {
        var text = new StringBuilder("species_a,cell_type_a,species_b,cell_type_b,gene,gene_a,homolog,p_a,logfc_a,pct_in_a,p_b,logfc_b,pct_in_b,p_combined,mapping_source,similarity,ensembl_agrees\n");
        foreach (var g in result.GenePairs)
        {
            var agrees = g.EnsemblAgrees is { } value ? (value ? "true" : "false") : "NA";
            text.Append(string.Concat(
                $"{Csv.Field(g.SpeciesA)},{Csv.Field(g.CellTypeA)},{Csv.Field(g.SpeciesB)},{Csv.Field(g.CellTypeB)},{Csv.Field(g.Feature)},{Csv.Field(g.GeneA)},{Csv.Field(g.GeneB)},",
                $"{N(g.MarkerA.PValue)},{N(g.MarkerA.LogFoldChange)},{N(g.MarkerA.PctIn)},{N(g.MarkerB.PValue)},{N(g.MarkerB.LogFoldChange)},{N(g.MarkerB.PctIn)},",
                $"{N(g.CombinedPValue)},{Csv.Field(g.MappingSource)},{N(g.Similarity)},{agrees}\n"));
        }

        return text.ToString();
    }

    private static string SkippedCsv(ComparativeResult result)
    {
        var text = new StringBuilder("species,cell_type,cells,reason\n");
        foreach (var s in result.Skipped)
        {
            text.Append(CultureInvariant($"{Csv.Field(s.Species)},{Csv.Field(s.CellType)},{s.Cells},{Csv.Field(s.Reason)}\n"));
        }

        return text.ToString();
    }
}
