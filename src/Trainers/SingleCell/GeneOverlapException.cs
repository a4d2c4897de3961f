using System.Globalization;

namespace PllmML.Trainers.SingleCell;

/// <summary>Query cells contain too few of the model's genes for their species.</summary>
public sealed class GeneOverlapException : ArgumentException
{
    /// <summary>Creates the exception of a model without gene weights (format 1 or 2): too few model genes.</summary>
    /// <param name="species">The species.</param>
    /// <param name="found">Model genes present in the query.</param>
    /// <param name="modelGenes">Model genes of the species.</param>
    /// <param name="minimum">The smallest fraction accepted.</param>
    public GeneOverlapException(string species, int found, int modelGenes, double minimum)
        : base($"The query has {found} of the model's {modelGenes} '{species}' genes ({(double)found / modelGenes:P1}); "
            + $"at least {minimum:P0} are needed. Are the gene names symbols of the right species?")
    {
        Found = found;
        ModelGenes = modelGenes;
    }

    /// <summary>Creates the exception of a model with gene weights: too little of the variable genes' loading mass.</summary>
    /// <param name="coverage">What the query covers.</param>
    /// <param name="minimum">The smallest loading share accepted.</param>
    public GeneOverlapException(GeneCoverage coverage, double minimum)
        : base(CoverageMessage(coverage, minimum))
    {
        Found = coverage.ModelGenesFound;
        ModelGenes = coverage.ModelGenes;
        Coverage = coverage;
    }

    /// <summary>Model genes present in the query.</summary>
    public int Found { get; }

    private static string CoverageMessage(GeneCoverage coverage, double minimum)
    {
        var invariant = CultureInfo.InvariantCulture;
        var missing = string.Join(", ", coverage.TopMissing.Select(gene => string.Create(invariant, $"{gene.Gene} ({gene.LoadingShare:P2})")));
        return string.Create(invariant, $"The query measured {coverage.VariableGenesFound} of the model's {coverage.VariableGenes} variable '{coverage.Species}' genes, ")
            + string.Create(invariant, $"{coverage.LoadingShare:P1} of their PCA loading mass; at least {minimum:P0} is needed for a meaningful projection. ")
            + $"The most important missing genes: {missing}. "
            + "Are the gene names symbols of the right species? (pllm predict --minimum-gene-coverage lowers the limit.)";
    }

    /// <summary>Model genes of the species.</summary>
    public int ModelGenes { get; }

    /// <summary>The query's coverage, when the model weighs its genes (format 3 and later).</summary>
    public GeneCoverage? Coverage { get; }
}
