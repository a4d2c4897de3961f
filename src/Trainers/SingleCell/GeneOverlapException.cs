namespace PllmML.Trainers.SingleCell;

/// <summary>Query cells contain too few of the model's genes for their species.</summary>
public sealed class GeneOverlapException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
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

    /// <summary>Model genes present in the query.</summary>
    public int Found { get; }

    /// <summary>Model genes of the species.</summary>
    public int ModelGenes { get; }
}
