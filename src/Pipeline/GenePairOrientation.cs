using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Trainers.SingleCell;

namespace PllmML.Pipeline;

/// <summary>Orients a two-species pair table so that gene A is the reference species' gene.</summary>
public static class GenePairOrientation
{
    /// <summary>
    /// The table with gene A in the reference's column — the column whose genes the reference data holds more of —
    /// for every non-reference species.
    /// </summary>
    /// <param name="pairs">The pair table.</param>
    /// <param name="reference">The reference species.</param>
    /// <param name="inputs">The species' cells.</param>
    /// <param name="path">The table's file, for messages.</param>
    /// <exception cref="DataFormatException">
    /// No gene of the table is a reference gene, the other column holds no gene of the other species' input, a column
    /// header names a species that is not an input, or the reference is not an input (each message names the table).
    /// </exception>
    public static Dictionary<string, GenePairTable> BySpecies(GenePairTable pairs, string reference, IReadOnlyList<SpeciesData> inputs, string path)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(inputs);
        var referenceInput = inputs.FirstOrDefault(input => input.Species == reference)
            ?? throw new DataFormatException(path, string.Empty, $"the reference species '{reference}' is not among the inputs ({string.Join(", ", inputs.Select(input => input.Species))})");
        var species = inputs.Select(input => input.Species).ToList();
        foreach (var header in new[] { pairs.GeneAColumn, pairs.GeneBColumn })
        {
            Species.SpeciesNames.OfHeader(header, species, out var unknown);
            if (unknown is not null)
            {
                throw new DataFormatException(path, $"column '{header}'",
                    $"the table names species '{unknown}', which is not among the inputs ({string.Join(", ", species)}); give its cells as an input or use a table without it");
            }
        }

        var referenceGenes = new HashSet<string>(referenceInput.Cells.GeneNames, StringComparer.Ordinal);
        var hitsA = pairs.Pairs.Count(pair => referenceGenes.Contains(pair.GeneA));
        var hitsB = pairs.Pairs.Count(pair => referenceGenes.Contains(pair.GeneB));
        if (hitsA == 0 && hitsB == 0)
        {
            throw new DataFormatException(path, string.Empty, $"no gene of the table is a '{reference}' gene of {referenceInput.Source}");
        }

        var oriented = hitsA >= hitsB ? pairs : new GenePairTable(pairs.GeneBColumn, pairs.GeneAColumn, [.. pairs.Pairs.Select(pair => new GenePair(pair.GeneB, pair.GeneA, pair.Score))]);
        foreach (var other in inputs.Where(input => input.Species != reference))
        {
            var genes = new HashSet<string>(other.Cells.GeneNames, StringComparer.Ordinal);
            if (!oriented.Pairs.Any(pair => genes.Contains(pair.GeneB)))
            {
                throw new DataFormatException(path, $"column '{oriented.GeneBColumn}'",
                    $"species '{other.Species}': no gene of the column is a gene of the {other.Species} input {other.Source ?? other.Species} (the other column holds the '{reference}' genes)");
            }
        }

        return inputs.Where(input => input.Species != reference).ToDictionary(input => input.Species, _ => oriented, StringComparer.Ordinal);
    }
}
