using System.Globalization;
using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Kernels.Statistics;

namespace PllmML.Comparative;

/// <summary>
/// Comparative biology on integrated cells of several species: per-species markers, conserved markers, cell-type
/// homology (MetaNeighbor AUROC, alignment score), best matches and the gene pairs behind them. What
/// <c>pllm markers</c> and the markers stage of <c>pllm run</c> call.
/// </summary>
public static class ComparativeAnalysis
{
    /// <summary>Reads the cells, runs the analysis and writes every output into <paramref name="outputFolder"/>.</summary>
    /// <param name="inputPath">An .h5ad (or any single-cell file <see cref="DataFiles"/> reads) with counts in X.</param>
    /// <param name="outputFolder">The output folder (created when absent).</param>
    /// <param name="options">The settings.</param>
    /// <param name="maps">The gene maps; null for none.</param>
    /// <exception cref="DataFormatException">The input lacks a column, X is not counts, or fewer than two species have labelled cells.</exception>
    public static ComparativeResult RunAndWrite(string inputPath, string outputFolder, ComparativeOptions options, GeneMaps? maps = null)
    {
        var cells = DataFiles.ReadCells(inputPath).Data;
        var result = Run(cells, inputPath, options, maps);
        ComparativeWriter.Write(result, outputFolder, options);
        return result;
    }

    /// <summary>Runs the analysis.</summary>
    /// <param name="cells">X raw counts (or log-normalised when declared), obs species and cell types, obsm the embedding.</param>
    /// <param name="sourcePath">The file the cells came from, for messages.</param>
    /// <param name="options">The settings.</param>
    /// <param name="maps">The gene maps; null for none.</param>
    /// <exception cref="DataFormatException">The input lacks a column, X is not counts, or fewer than two species have labelled cells.</exception>
    public static ComparativeResult Run(CellMatrix cells, string sourcePath, ComparativeOptions options, GeneMaps? maps = null)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(options);
        maps ??= new GeneMaps();
        var speciesColumn = Column(cells, sourcePath, options.SpeciesKey);
        var labelColumn = Column(cells, sourcePath, options.LabelKey);
        if (!options.XIsLogNormalized)
        {
            CheckCounts(cells.X, sourcePath);
        }

        var speciesNames = new List<string>();
        var rowsOf = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var cell = 0; cell < cells.CellCount; cell++)
        {
            var (species, label) = (speciesColumn.FormatValue(cell), labelColumn.FormatValue(cell));
            if (species.Length == 0 || label.Length == 0)
            {
                continue;
            }

            if (!rowsOf.TryGetValue(species, out var rows))
            {
                rowsOf[species] = rows = [];
                speciesNames.Add(species);
            }

            rows.Add(cell);
        }

        if (speciesNames.Count < 2)
        {
            throw new DataFormatException(sourcePath, $"obs/{options.SpeciesKey}",
                $"labelled cells of {speciesNames.Count} species ({string.Join(", ", speciesNames)}); a comparison needs two or more");
        }

        var expressions = speciesNames.Select(species => SpeciesExpression.Create(
            cells.X, species, rowsOf[species], [.. rowsOf[species].Select(labelColumn.FormatValue)], cells.GeneNames, options.XIsLogNormalized, options.TargetSum)).ToList();
        var markers = expressions.Select(e => DifferentialExpression.FindAllMarkers(e, options)).ToList();
        var skipped = new List<SkippedCellType>();
        foreach (var species in markers)
        {
            skipped.AddRange(species.CellCounts.Where(c => !species.Markers.ContainsKey(c.Key)).Select(c => new SkippedCellType(
                species.Species, c.Key, c.Value, $"fewer than {options.MinimumCells} cells in {species.Species} (Seurat's min.cells.group): no markers there")));
        }

        var allTypes = markers.SelectMany(m => m.CellCounts.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var comparable = new List<string>();
        foreach (var type in allTypes)
        {
            var testedIn = markers.Where(m => m.Markers.ContainsKey(type)).Select(m => m.Species).ToList();
            var presentIn = markers.Where(m => m.CellCounts.ContainsKey(type)).Select(m => m.Species).ToList();
            if (testedIn.Count >= 2)
            {
                comparable.Add(type);
            }
            else if (presentIn.Count == 1)
            {
                skipped.Add(new SkippedCellType(presentIn[0], type, markers.First(m => m.Species == presentIn[0]).CellCounts[type],
                    $"present in {presentIn[0]} only: species-specific (its markers are in markers_{presentIn[0]}.csv; no conserved markers)"));
            }
            else
            {
                skipped.Add(new SkippedCellType(string.Join("+", presentIn), type, presentIn.Sum(s => markers.First(m => m.Species == s).CellCounts[type]),
                    $"tested in {testedIn.Count} species ({string.Join(", ", testedIn)}): no conserved markers"));
            }
        }

        var conserved = comparable.SelectMany(type => Conserve(type, markers, options)).ToList();
        var genes = MetaNeighbor.SharedVariableGenes(expressions);
        if (genes.Count < 2)
        {
            throw new DataFormatException(sourcePath, "X", $"{genes.Count} genes are variable in every species (MetaNeighbor's variableGenes); at least 2 are needed");
        }

        var metaNeighbor = MetaNeighbor.Run(expressions, genes, (species, type) => markers.First(m => m.Species == species).Markers.ContainsKey(type), options.MaximumNetworkCells);
        var pairs = speciesNames.SelectMany((a, i) => speciesNames.Skip(i + 1).Select(b => (a, b))).ToList();
        var similarity = pairs.Select(p => metaNeighbor.Symmetric(p.a, p.b)).ToList();
        var alignment = cells.Obsm.TryGetValue(options.EmbeddingKey, out var embedding)
            ? Alignment(embedding, expressions, markers, pairs, options)
            : [];
        var best = BestMatches(speciesNames, metaNeighbor, alignment);
        var genePairs = GenePairs(best, markers, options, maps);
        var description = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["input"] = sourcePath,
            ["cells"] = string.Join(", ", expressions.Select(e => $"{e.Species}: {e.Cells.Count} labelled cells, {e.CellTypes.Count} types")),
            ["expression"] = options.XIsLogNormalized ? "X as given (declared log-normalised)" : $"X raw counts, log-normalised: ln(1 + count / cell total × {options.TargetSum.ToString(CultureInfo.InvariantCulture)})",
            ["differential expression"] = $"each type against the rest of its species: two-sided Wilcoxon rank-sum, normal approximation with tie and continuity correction; "
                + $"avg_log2FC with pseudocount 1; filters min.pct {F(options.MinimumPct)}, logfc.threshold {F(options.LogFcThreshold)}; FDR Benjamini–Hochberg per type",
            ["conserved markers"] = $"tested in every species that has ≥ {options.MinimumCells} cells of the type; p combined by {options.Combination}"
                + (options.RequireSameSign ? "; same sign of fold change required" : string.Empty),
            ["MetaNeighbor"] = $"MetaNeighborUS, {metaNeighbor.Version}, Spearman over {metaNeighbor.GeneCount} genes variable in every species (MetaNeighbor's variableGenes on the log-normalised data); "
                + "cell_type_similarity.csv: one-vs-rest AUROC averaged over both training directions; best matches also by one-vs-best (training on the row type)",
            ["alignment score"] = alignment.Count == 0 ? $"not computed: no obsm {options.EmbeddingKey}" : $"obsm {options.EmbeddingKey}, {alignment[0].Method}",
            ["gene maps"] = (maps.Homology is null && maps.HomologyBySpecies is null ? "none given: gene pairs are shared features"
                : maps.HomologyBySpecies is { } bySpecies ? $"{maps.HomologyPath}: each species' pairs with {maps.ReferenceSpecies} ({string.Join(", ", bySpecies.Keys)})" : $"{maps.HomologyPath}")
                + (maps.EnsemblBySpecies is { } ensembl ? $"; Ensembl agreement checked for {(ensembl.Count == 0 ? "no species (the table links none to the reference)" : string.Join(", ", ensembl.Keys))}"
                    : maps.Ensembl is null ? string.Empty : "; Ensembl agreement checked"),
        };
        return new ComparativeResult
        {
            Species = speciesNames,
            Markers = markers,
            Conserved = conserved,
            MetaNeighbor = metaNeighbor,
            Similarity = similarity,
            Alignment = alignment,
            BestMatches = best,
            GenePairs = genePairs,
            Skipped = skipped,
            Description = description,
        };
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static AnnotationColumn Column(CellMatrix cells, string sourcePath, string key) =>
        cells.Obs.TryGetColumn(key, out var column)
            ? column
            : throw new DataFormatException(sourcePath, $"obs/{key}", $"no such column (obs has: {string.Join(", ", cells.Obs.ColumnNames)})");

    private static void CheckCounts(CsrMatrix x, string sourcePath)
    {
        for (var row = 0; row < x.RowCount; row++)
        {
            var values = x.RowValues(row);
            for (var k = 0; k < values.Length; k++)
            {
                var v = values[k];
                if (v < 0 || v != Math.Floor(v) || float.IsNaN(v))
                {
                    throw new DataFormatException(sourcePath, "X",
                        $"cell {row}, gene {x.RowColumns(row)[k]} holds {v.ToString("R", CultureInfo.InvariantCulture)}: X must be raw counts (non-negative integers); "
                        + "declare log-normalised values explicitly (--normalized) if that is what X holds");
                }
            }
        }
    }

    private static IEnumerable<ConservedMarker> Conserve(string type, IReadOnlyList<SpeciesMarkers> markers, ComparativeOptions options)
    {
        var tested = markers.Where(m => m.Markers.ContainsKey(type)).ToList();
        var byGene = tested.Select(m => m.Markers[type].ToDictionary(g => g.Gene, StringComparer.Ordinal)).ToList();
        var genes = byGene.Skip(1).Aggregate((IEnumerable<string>)byGene[0].Keys, (acc, d) => acc.Where(d.ContainsKey)).ToList();
        var rows = new List<(string Gene, GeneMarker[] PerSpecies, double P)>();
        foreach (var gene in genes)
        {
            var perSpecies = byGene.Select(d => d[gene]).ToArray();
            if (options.RequireSameSign && !(perSpecies.All(m => m.LogFoldChange > 0) || perSpecies.All(m => m.LogFoldChange < 0)))
            {
                continue;
            }

            rows.Add((gene, perSpecies, PValueCombiner.Combine(perSpecies.Select(m => m.PValue).ToArray(), options.Combination)));
        }

        var fdr = MultipleTesting.BenjaminiHochberg(rows.Select(r => r.P).ToArray());
        return rows.Select((r, i) => new ConservedMarker(type, r.Gene, r.PerSpecies, r.P, fdr[i]))
            .OrderBy(m => m.CombinedPValue).ThenByDescending(m => m.PerSpecies.Min(s => s.LogFoldChange)).ThenBy(m => m.Gene, StringComparer.Ordinal);
    }

    private static List<CellTypeSimilarity> Alignment(
        DenseMatrix embedding, IReadOnlyList<SpeciesExpression> expressions, IReadOnlyList<SpeciesMarkers> markers, List<(string a, string b)> pairs, ComparativeOptions options)
    {
        var data = embedding.Values.Select(v => (double)v).ToArray();
        (string, int[], string[], IReadOnlyList<string>) Side(string species)
        {
            var e = expressions.First(x => x.Species == species);
            var tested = markers.First(m => m.Species == species).Markers;
            var types = e.CellTypes.Where(tested.ContainsKey).ToList();
            return (species, [.. e.Cells], [.. e.Labels], types);
        }

        return [.. pairs.Select(p => AlignmentScore.Compute(data, embedding.ColumnCount, Side(p.a), Side(p.b), options.AlignmentNeighbors, options.NeighborSearch))];
    }

    private static List<BestMatch> BestMatches(IReadOnlyList<string> species, MetaNeighborResult metaNeighbor, IReadOnlyList<CellTypeSimilarity> alignment)
    {
        var result = new List<BestMatch>();
        foreach (var a in species)
        {
            foreach (var b in species.Where(s => s != a))
            {
                var symmetric = metaNeighbor.Symmetric(a, b);
                var reverse = metaNeighbor.Symmetric(b, a);
                var oneVersusBest = metaNeighbor.BestMatches(a, b);
                var align = alignment.FirstOrDefault(m => m.RowSpecies == a && m.ColumnSpecies == b);
                var alignReverse = alignment.FirstOrDefault(m => m.RowSpecies == b && m.ColumnSpecies == a);
                foreach (var type in symmetric.RowTypes)
                {
                    var match = symmetric.BestColumn(type);
                    if (match is null)
                    {
                        continue;
                    }

                    var row = Enumerable.Range(0, oneVersusBest.ColumnTypes.Count)
                        .Select(c => (Type: oneVersusBest.ColumnTypes[c], Value: oneVersusBest[type, oneVersusBest.ColumnTypes[c]]))
                        .Where(x => !double.IsNaN(x.Value)).OrderByDescending(x => x.Value).ToList();
                    string? alignMatch = null;
                    var alignScore = double.NaN;
                    if (align is not null)
                    {
                        alignMatch = align.BestColumn(type);
                        alignScore = alignMatch is null ? double.NaN : align[type, alignMatch];
                    }
                    else if (alignReverse is not null)
                    {
                        alignMatch = alignReverse.BestRow(type);
                        alignScore = alignMatch is null ? double.NaN : alignReverse[alignMatch, type];
                    }

                    result.Add(new BestMatch(
                        a, type, b, match, symmetric[type, match], reverse.BestColumn(match) == type,
                        row.Count > 0 ? row[0].Type : null, row.Count > 0 ? row[0].Value : double.NaN, row.Count > 1 ? row[1].Type : null,
                        alignMatch, alignScore));
                }
            }
        }

        return result;
    }

    private static List<GenePairEvidence> GenePairs(IReadOnlyList<BestMatch> best, IReadOnlyList<SpeciesMarkers> markers, ComparativeOptions options, GeneMaps maps)
    {
        var features = markers.SelectMany(m => m.Markers.Values.SelectMany(list => list.Select(g => g.Gene))).ToHashSet(StringComparer.Ordinal);
        var sides = GenePairSides.Create(maps, features);
        var result = new List<GenePairEvidence>();
        var done = new HashSet<(string, string, string, string)>();
        foreach (var match in best)
        {
            var (a, b) = string.CompareOrdinal(match.Species, match.OtherSpecies) < 0
                ? (match.Species, match.OtherSpecies) : (match.OtherSpecies, match.Species);
            var (typeA, typeB) = a == match.Species ? (match.CellType, match.Match) : (match.Match, match.CellType);
            if (!done.Add((a, typeA, b, typeB)))
            {
                continue;
            }

            var markersA = markers.First(m => m.Species == a).Markers[typeA].ToDictionary(g => g.Gene, StringComparer.Ordinal);
            var markersB = markers.First(m => m.Species == b).Markers[typeB];
            var rows = new List<GenePairEvidence>();
            foreach (var mb in markersB)
            {
                if (!markersA.TryGetValue(mb.Gene, out var ma) || !Qualifies(ma, options) || !Qualifies(mb, options))
                {
                    continue;
                }

                var combined = PValueCombiner.Combine([ma.PValue, mb.PValue], PValueCombination.MinimumP);
                rows.AddRange(sides.Pairs(a, b, mb.Gene).Select(pair =>
                    new GenePairEvidence(a, typeA, b, typeB, mb.Gene, pair.GeneA, pair.GeneB, ma, mb, combined, pair.Source, pair.Similarity, pair.EnsemblAgrees)));
            }

            result.AddRange(rows.OrderBy(r => r.CombinedPValue).ThenByDescending(r => Math.Min(r.MarkerA.LogFoldChange, r.MarkerB.LogFoldChange)).ThenBy(r => r.Feature, StringComparer.Ordinal));
        }

        return result;
    }

    private static bool Qualifies(GeneMarker marker, ComparativeOptions options) =>
        marker.PValue < options.GenePairPValue && marker.LogFoldChange > 0 && marker.PctIn > options.GenePairMinimumPct;

    /// <summary>Feature → its partners in a pair table, with the table read in whichever direction names the features.</summary>
    internal static Dictionary<string, List<(string Gene, double Score)>>? Partners(GenePairTable? table, HashSet<string>? features)
    {
        if (table is null)
        {
            return null;
        }

        // Without features the table is already oriented: gene A is the feature (the reference species' gene).
        var forward = features is null ? 1 : table.Pairs.Count(p => features.Contains(p.GeneA));
        var backward = features is null ? 0 : table.Pairs.Count(p => features.Contains(p.GeneB));
        var map = new Dictionary<string, List<(string Gene, double Score)>>(StringComparer.Ordinal);
        foreach (var pair in table.Pairs)
        {
            var (feature, partner) = forward >= backward ? (pair.GeneA, pair.GeneB) : (pair.GeneB, pair.GeneA);
            if (!map.TryGetValue(feature, out var list))
            {
                map[feature] = list = [];
            }

            if (!list.Any(x => x.Gene == partner))
            {
                list.Add((partner, pair.Score));
            }
        }

        return map;
    }
}
