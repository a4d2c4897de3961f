using PllmML.Kernels.Statistics;

namespace PllmML.Comparative;

/// <summary>
/// MetaNeighbor (Crow et al., Nat Commun 9:884, 2018) across species: the variable genes of each species
/// (<c>variableGenes</c>), kept when variable in every species, then <c>MetaNeighborUS</c> by neighbour voting in the
/// Spearman network of all cells (<see cref="NeighborVoting"/>).
/// </summary>
public static class MetaNeighbor
{
    /// <summary>
    /// MetaNeighbor's <c>get_variable_genes</c> on one species: genes binned by the deciles of their median expression
    /// (R quantile type 5, duplicates removed); in each bin the genes whose variance exceeds the bin's upper quartile;
    /// the top bin is left out.
    /// </summary>
    /// <param name="expression">The species' log-normalised cells.</param>
    public static IReadOnlyList<int> VariableGenes(SpeciesExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var n = expression.Cells.Count;
        var genes = expression.Genes.Count;
        var medians = new double[genes];
        var variances = new double[genes];
        for (var gene = 0; gene < genes; gene++)
        {
            var (start, end) = (expression.GenePointers[gene], expression.GenePointers[gene + 1]);
            var (sum, squares) = (0.0, 0.0);
            for (var k = start; k < end; k++)
            {
                sum += expression.Values[k];
                squares += expression.Values[k] * expression.Values[k];
            }

            var mean = sum / n;
            variances[gene] = n > 1 ? (squares - (n * mean * mean)) / (n - 1) : double.NaN;
            if (2 * (end - start) < n)
            {
                medians[gene] = 0;
            }
            else
            {
                var dense = expression.DenseGene(gene);
                Array.Sort(dense);
                medians[gene] = n % 2 == 1 ? dense[n / 2] : (dense[(n / 2) - 1] + dense[n / 2]) / 2;
            }
        }

        var sortedMedians = medians.Order().ToArray();
        var bins = Enumerable.Range(0, 11).Select(i => Quantiles.Type5(sortedMedians, i / 10.0)).Distinct().ToArray();
        var selected = new List<int>();
        for (var b = 0; b < bins.Length - 1; b++)
        {
            var members = Enumerable.Range(0, genes)
                .Where(g => b == 0 ? medians[g] <= bins[0] : medians[g] <= bins[b] && medians[g] > bins[b - 1]).ToArray();
            var sortedVariances = members.Select(g => variances[g]).Where(v => !double.IsNaN(v)).Order().ToArray();
            var upperQuartile = Quantiles.Type7(sortedVariances, 0.75);
            selected.AddRange(members.Where(g => variances[g] > upperQuartile));
        }

        return [.. selected.Order()];
    }

    /// <summary>The genes variable in every species (MetaNeighbor's <c>variableGenes</c> with <c>min_recurrence</c> = all).</summary>
    /// <param name="species">Each species' cells, over the same genes.</param>
    public static IReadOnlyList<int> SharedVariableGenes(IReadOnlyList<SpeciesExpression> species)
    {
        ArgumentNullException.ThrowIfNull(species);
        IEnumerable<int> shared = VariableGenes(species[0]);
        foreach (var other in species.Skip(1))
        {
            shared = shared.Intersect(VariableGenes(other));
        }

        return [.. shared.Order()];
    }

    /// <summary>MetaNeighborUS over the given types of every species on the given genes.</summary>
    /// <param name="species">Each species' cells.</param>
    /// <param name="genes">The genes (positions).</param>
    /// <param name="include">Which (species, type) take part.</param>
    /// <param name="maximumNetworkCells">Above this many cells, the low-memory version.</param>
    public static MetaNeighborResult Run(IReadOnlyList<SpeciesExpression> species, IReadOnlyList<int> genes, Func<string, string, bool> include, int maximumNetworkCells)
    {
        ArgumentNullException.ThrowIfNull(species);
        ArgumentNullException.ThrowIfNull(genes);
        ArgumentNullException.ThrowIfNull(include);
        var groupSpecies = new List<string>();
        var groupTypes = new List<string>();
        var datasetOfGroup = new List<int>();
        var cellGroups = new List<int>();
        var rows = new List<(SpeciesExpression Expression, int Cell)>();
        for (var d = 0; d < species.Count; d++)
        {
            var expression = species[d];
            var groupOf = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var type in expression.CellTypes.Where(type => include(expression.Species, type)))
            {
                groupOf[type] = groupSpecies.Count;
                groupSpecies.Add(expression.Species);
                groupTypes.Add(type);
                datasetOfGroup.Add(d);
            }

            for (var cell = 0; cell < expression.Cells.Count; cell++)
            {
                if (groupOf.TryGetValue(expression.Labels[cell], out var group))
                {
                    cellGroups.Add(group);
                    rows.Add((expression, cell));
                }
            }
        }

        var columns = genes.Count;
        var data = new double[rows.Count * columns];
        var geneColumn = new Dictionary<int, int>();
        for (var i = 0; i < genes.Count; i++)
        {
            geneColumn[genes[i]] = i;
        }

        foreach (var expression in species)
        {
            var rowOf = new Dictionary<int, int>();
            for (var r = 0; r < rows.Count; r++)
            {
                if (ReferenceEquals(rows[r].Expression, expression))
                {
                    rowOf[rows[r].Cell] = r;
                }
            }

            foreach (var (gene, column) in geneColumn)
            {
                for (var k = expression.GenePointers[gene]; k < expression.GenePointers[gene + 1]; k++)
                {
                    if (rowOf.TryGetValue(expression.CellIndices[k], out var row))
                    {
                        data[(row * columns) + column] = expression.Values[k];
                    }
                }
            }
        }

        NeighborVoting.NormalizeRows(data, columns);
        var groupOfCell = cellGroups.ToArray();
        var datasets = datasetOfGroup.ToArray();
        var network = rows.Count <= maximumNetworkCells;
        var votes = network
            ? NeighborVoting.NetworkVotes(data, columns, groupOfCell, groupSpecies.Count)
            : NeighborVoting.CentroidVotes(data, columns, groupOfCell, datasets);
        var aurocs = NeighborVoting.Aurocs(votes, groupOfCell, datasets);

        // MetaNeighbor defines one-versus-best on the low-memory votes; it is computed there whatever the one-versus-rest version.
        var centroidVotes = network ? NeighborVoting.CentroidVotes(data, columns, groupOfCell, datasets) : votes;
        var centroidAurocs = network ? NeighborVoting.Aurocs(centroidVotes, groupOfCell, datasets) : aurocs;
        var best = NeighborVoting.OneVersusBest(centroidVotes, centroidAurocs, groupOfCell, datasets);
        return new MetaNeighborResult(groupSpecies, groupTypes, aurocs, best, columns, network ? "rank-standardised network" : "low-memory (centroid votes)");
    }
}
