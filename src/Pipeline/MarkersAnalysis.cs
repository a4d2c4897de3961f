using PllmML.Comparative;
using PllmML.Data;
using PllmML.Pipeline.Configuration;
using PllmML.Pipeline.Species;

namespace PllmML.Pipeline;

/// <summary>
/// <c>pllm markers</c> on its own: conserved markers and cell-type homology of integrated cells, with the homology
/// tables of a fit of any number of species resolved against the cells (<see cref="IntegratedHomology"/>), so the gene
/// pairs are those the markers stage of <c>pllm run</c> writes.
/// </summary>
public static class MarkersAnalysis
{
    /// <summary>Reads the cells once, resolves the tables against them, runs the analysis and writes every output.</summary>
    /// <param name="inputPath">The integrated cells (<c>integrated.h5ad</c> of <c>pllm run</c>, or any file <see cref="DataFiles"/> reads).</param>
    /// <param name="outputFolder">The output folder (created when absent).</param>
    /// <param name="options">The analysis settings (<see cref="ComparativeOptions.SpeciesKey"/> names the species the tables are resolved against).</param>
    /// <param name="tables">The homology tables the shared gene space came from, each with its optional species; empty for none.</param>
    /// <param name="reference">The species whose genes name the features; null for the one the file records.</param>
    /// <param name="ensembl">An Ensembl ortholog table to check each gene pair against, or null.</param>
    /// <exception cref="DataFormatException">The cells or a table do not fit (the message names the file and the species).</exception>
    /// <exception cref="ArgumentException">The reference species is needed but neither given nor recorded, or is not one of the cells' species.</exception>
    public static ComparativeResult RunAndWrite(
        string inputPath, string outputFolder, ComparativeOptions options, IReadOnlyList<HomologyTableConfiguration> tables, string? reference = null, string? ensembl = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cells = DataFiles.ReadCells(inputPath).Data;
        var maps = IntegratedHomology.Resolve(cells, inputPath, options.SpeciesKey, reference, tables, ensembl);
        var result = ComparativeAnalysis.Run(cells, inputPath, options, maps);
        ComparativeWriter.Write(result, outputFolder, options);
        return result;
    }
}
