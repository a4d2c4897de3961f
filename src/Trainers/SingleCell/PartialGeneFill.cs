using Microsoft.ML.Data;
using PllmML.Kernels.LinearAlgebra;

namespace PllmML.Trainers.SingleCell;

/// <summary>
/// Makes a query that measured only some of a species' model genes look, to the fitted chain, like a whole cell. Each
/// missing variable gene gets the count that log-normalises and scales to its expected value given the measured
/// variable genes — probabilistic PCA's posterior (<see cref="PartialProjection"/>), which is the reference mean when the
/// measured genes say nothing, so a missing gene never pushes a cell anywhere the measured genes do not point. The
/// remaining expected library goes to one unmeasured non-variable gene, so a cell's total is its measured total divided
/// by the library share its measured genes hold in the reference: without that, a cell that measured a tenth of its
/// library would have every measured gene normalised ten-fold too high.
/// </summary>
internal sealed class PartialGeneFill
{
    // Below this share of the library the expected total is a guess from very few genes; the division is capped here.
    private const double SmallestLibraryShare = 0.02;

    private readonly AnnotationReference _reference;
    private readonly MissingGeneFill _mode;
    private readonly int[] _measuredVariable;
    private readonly int[] _missingVariable;
    private readonly int[] _fillGeneOf;
    private readonly int _sinkGene;
    private readonly double _libraryShare;
    private readonly int[] _sourceGenes;
    private readonly int[] _variableIndexOfEntry;
    private readonly PartialProjection? _projection;

    private PartialGeneFill(
        GeneCoverage coverage, AnnotationReference reference, MissingGeneFill mode, int[] measuredVariable, int[] missingVariable, int[] fillGeneOf,
        int sinkGene, double libraryShare, SpeciesReference species, int[] variableIndexOfEntry, PartialProjection? projection)
    {
        Coverage = coverage;
        _reference = reference;
        _mode = mode;
        _measuredVariable = measuredVariable;
        _missingVariable = missingVariable;
        _fillGeneOf = fillGeneOf;
        _sinkGene = sinkGene;
        _libraryShare = libraryShare;
        _sourceGenes = species.SourceGenes;
        _variableIndexOfEntry = variableIndexOfEntry;
        _projection = projection;
    }

    /// <summary>What the query covers.</summary>
    public GeneCoverage Coverage { get; }

    /// <summary>Whether anything is filled (false when the query measured every feature).</summary>
    public bool FillsAnything => _missingVariable.Length > 0 && _mode != MissingGeneFill.Zero || _sinkGene >= 0;

    /// <summary>Prepares the fill for one query.</summary>
    /// <param name="reference">The model's annotation reference.</param>
    /// <param name="species">The query's species.</param>
    /// <param name="modelGenes">The species' model genes.</param>
    /// <param name="alignment">Which model genes the query measured.</param>
    /// <param name="options">What to fill.</param>
    public static PartialGeneFill Of(AnnotationReference reference, string species, IReadOnlyList<string> modelGenes, GeneAlignment alignment, PredictionOptions options)
    {
        var part = reference.Species.First(entry => entry.Name == species);
        var features = part.LibraryShares.Length;
        var measured = new bool[features];
        var feeds = new int[modelGenes.Count];
        var firstSource = new int[features];
        Array.Fill(firstSource, -1);
        for (var entry = 0; entry < part.SourceGenes.Length; entry++)
        {
            var gene = part.SourceGenes[entry];
            var feature = part.TargetFeatures[entry];
            feeds[gene]++;
            measured[feature] |= alignment.IsMeasured(gene);
            if (firstSource[feature] < 0)
            {
                firstSource[feature] = gene;
            }
        }

        double libraryShare = 0, totalShare = 0;
        for (var feature = 0; feature < features; feature++)
        {
            totalShare += part.LibraryShares[feature];
            libraryShare += measured[feature] ? part.LibraryShares[feature] : 0;
        }

        libraryShare = totalShare > 0 ? libraryShare / totalShare : 1;
        var variableIndex = new int[features];
        Array.Fill(variableIndex, -1);
        double covered = 0, mass = 0;
        var measuredVariable = new List<int>();
        var missingVariable = new List<int>();
        var fillGeneOf = new int[reference.VariableFeatures.Length];
        var missing = new List<MissingGene>();
        for (var k = 0; k < reference.VariableFeatures.Length; k++)
        {
            var feature = reference.VariableFeatures[k];
            variableIndex[feature] = k;
            mass += reference.LoadingShares[k];
            var source = firstSource[feature];
            // A gene that feeds several features (many-to-many maps) cannot be filled for one of them alone.
            fillGeneOf[k] = source >= 0 && feeds[source] == 1 ? source : -1;
            if (measured[feature])
            {
                covered += reference.LoadingShares[k];
                measuredVariable.Add(k);
                continue;
            }

            missing.Add(new MissingGene(source >= 0 ? modelGenes[source] : $"feature {feature}", reference.LoadingShares[k]));
            if (fillGeneOf[k] >= 0)
            {
                missingVariable.Add(k);
            }
        }

        var sink = -1;
        var sinkShare = -1.0;
        for (var feature = 0; feature < features; feature++)
        {
            var source = firstSource[feature];
            if (!measured[feature] && variableIndex[feature] < 0 && source >= 0 && feeds[source] == 1 && part.LibraryShares[feature] > sinkShare)
            {
                sink = source;
                sinkShare = part.LibraryShares[feature];
            }
        }

        var coverage = new GeneCoverage(
            species, mass > 0 ? covered / mass : 1, measuredVariable.Count, reference.VariableFeatures.Length, alignment.Found, alignment.ModelGenes,
            libraryShare, [.. missing.OrderByDescending(gene => gene.LoadingShare).Take(10)]);
        var anyMissing = Array.Exists(measured, present => !present);
        var mode = options.MissingGenes;
        var projection = mode == MissingGeneFill.Conditional && missingVariable.Count > 0
            ? PartialProjection.Of(reference.Loadings, reference.PcaMean, reference.ComponentVariances, reference.NoiseVariance, [.. measuredVariable])
            : null;
        return new PartialGeneFill(
            coverage, reference, mode, [.. measuredVariable], anyMissing ? [.. missingVariable] : [], fillGeneOf,
            options.CorrectLibrarySize && anyMissing ? sink : -1,
            options.CorrectLibrarySize ? Math.Max(libraryShare, SmallestLibraryShare) : 1,
            part, [.. part.TargetFeatures.Select(feature => variableIndex[feature])], projection);
    }

    /// <summary>The cell's counts with the unmeasured genes filled; the row itself when nothing is filled or the cell is empty.</summary>
    /// <param name="row">The cell's measured counts in model gene order.</param>
    public VBuffer<float> Fill(VBuffer<float> row)
    {
        if (!FillsAnything)
        {
            return row;
        }

        var values = row.GetValues();
        var indices = row.GetIndices();
        var counts = new float[row.Length];
        for (var k = 0; k < values.Length; k++)
        {
            counts[row.IsDense ? k : indices[k]] = values[k];
        }

        double measuredTotal = 0;
        var variableCounts = new float[_reference.VariableFeatures.Length];
        for (var entry = 0; entry < _sourceGenes.Length; entry++)
        {
            var count = counts[_sourceGenes[entry]];
            measuredTotal += count;
            if (_variableIndexOfEntry[entry] >= 0)
            {
                variableCounts[_variableIndexOfEntry[entry]] += count;
            }
        }

        if (measuredTotal <= 0)
        {
            return row;
        }

        var total = _sinkGene >= 0 ? measuredTotal / _libraryShare : measuredTotal;
        var logValues = ExpectedLogValues(variableCounts, total);
        double filled = 0;
        var shares = new double[_missingVariable.Length];
        for (var m = 0; m < _missingVariable.Length; m++)
        {
            shares[m] = Math.Max(0, Math.Exp(logValues[m]) - 1) / _reference.TargetSum;
            filled += shares[m] * total;
        }

        if (_sinkGene < 0)
        {
            // No library correction: the filled counts raise the total, so solve total = measured + Σ share·total.
            var shareSum = shares.Sum();
            total = shareSum < 0.5 ? measuredTotal / (1 - shareSum) : measuredTotal;
        }

        for (var m = 0; m < _missingVariable.Length; m++)
        {
            counts[_fillGeneOf[_missingVariable[m]]] = (float)(shares[m] * total);
        }

        if (_sinkGene >= 0)
        {
            counts[_sinkGene] = (float)Math.Max(0, total - measuredTotal - filled);
        }

        return new VBuffer<float>(counts.Length, counts);
    }

    /// <summary>The log-normalised value each missing variable gene is filled with.</summary>
    private double[] ExpectedLogValues(float[] variableCounts, double total)
    {
        var reference = _reference;
        var result = new double[_missingVariable.Length];
        if (_mode == MissingGeneFill.Zero)
        {
            return result;
        }

        if (_projection is null)
        {
            for (var m = 0; m < result.Length; m++)
            {
                result[m] = reference.ImputedLogValues[_missingVariable[m]];
            }

            return result;
        }

        // The chain's own arithmetic for the measured variable genes: log-normalise with the corrected total, scale, clip.
        var scaled = new float[variableCounts.Length];
        foreach (var k in _measuredVariable)
        {
            var logValue = Math.Log(1 + (variableCounts[k] * reference.TargetSum / total));
            scaled[k] = (float)Math.Min((logValue - reference.ScalingMeans[k]) / reference.ScalingDeviations[k], reference.MaxValue);
        }

        Span<double> scores = stackalloc double[_projection.ComponentCount];
        _projection.Scores(scaled, scores);
        for (var m = 0; m < result.Length; m++)
        {
            var k = _missingVariable[m];
            var expected = Math.Min(_projection.Expected(k, scores), reference.MaxValue);
            result[m] = Math.Max(0, reference.ScalingMeans[k] + (reference.ScalingDeviations[k] * expected));
        }

        return result;
    }
}
