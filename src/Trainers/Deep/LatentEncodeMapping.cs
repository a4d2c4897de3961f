using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using PllmML.Transforms.SingleCell;
using PllmML.Transforms.SingleCell.Mappings;

namespace PllmML.Trainers.Deep;

/// <summary>
/// Serves a trained encoder: a cell's raw shared-gene counts → the encoder's genes → log1p → <see cref="LatentEncoder"/>
/// → the latent mean as the embedding (and padded as the classifier features). State per species:
/// <c>[species code, genes (length, indices into the shared features…), encoder weights (<see cref="LatentEncoderWeights"/>'s state)]</c>,
/// parsed once per cursor and species.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class LatentEncodeMapping : CustomMappingFactory<LatentEncodeMapping.Input, LatentEncodeMapping.Output>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "PllmML.Integration.LatentEncode.v1";

    /// <summary>The state column.</summary>
    public const string StateColumn = "PllmML.LatentEncoderState";

    /// <summary>A species' state.</summary>
    public static float[] State(int speciesCode, int[] genes, LatentEncoderWeights weights)
    {
        var state = new FloatState();
        state.Add(speciesCode);
        state.Add([.. genes.Select(g => (float)g)]);
        weights.WriteState(state);
        return state.ToArray();
    }

    /// <summary>Reads a species' state.</summary>
    /// <exception cref="InvalidDataException">The state is damaged.</exception>
    public static (int SpeciesCode, int[] Genes, LatentEncoderWeights Weights) Parse(ReadOnlySpan<float> state)
    {
        var reader = new FloatState.Reader(state, 0);
        var code = reader.ReadCount("the species code");
        var genes = reader.ReadArray("the encoder's gene indices");
        var indices = new int[genes.Length];
        for (var g = 0; g < genes.Length; g++)
        {
            if (!(genes[g] >= 0 && genes[g] < FloatState.MaxCount) || genes[g] != MathF.Floor(genes[g]))
            {
                throw new InvalidDataException($"Network state: gene index {g} is {genes[g]}.");
            }

            indices[g] = (int)genes[g];
        }

        var weights = LatentEncoderWeights.ReadState(ref reader);
        if (weights.GeneCount != indices.Length || (weights.CovariateCount > 0 && code >= weights.CovariateCount))
        {
            throw new InvalidDataException($"Network state: {indices.Length} gene indices for an encoder of {weights.GeneCount} genes, species code {code} of {weights.CovariateCount} covariates.");
        }

        return reader.Offset == state.Length ? (code, indices, weights) : throw new InvalidDataException($"Network state: {state.Length - reader.Offset} values after the encoder.");
    }

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => static (input, output) =>
    {
        if (!output.Encoders.TryGetValue(input.Species, out var served))
        {
            var (code, genes, weights) = Parse(output.Cache.StateOf(input.Species, input.StateKey, input.State));
            var encoder = new LatentEncoder(weights);
            served = new ServedEncoder(encoder, genes, code, new float[encoder.BufferLength], new float[encoder.BufferLength]);
            output.Encoders[input.Species] = served;
        }

        var counts = output.Cache.Dense(input.SharedCounts);
        for (var g = 0; g < served.Genes.Length; g++)
        {
            var gene = served.Genes[g];
            if (gene >= counts.Length)
            {
                throw new ArgumentException($"The encoder reads shared feature {gene}; the cell has {counts.Length}.");
            }

            served.Current[g] = MathF.Log(1 + counts[gene]);
        }

        var d = served.Encoder.LatentDimensions;
        var embedding = MappingErrors.Reuse(output.Embedding, d);
        served.Encoder.Run(served.Current, served.Next, served.SpeciesCode, embedding);
        output.Embedding = embedding;
        var features = MappingErrors.Reuse(output.Features, SingleCellColumns.MaxEmbeddingWidth);
        Array.Clear(features);
        embedding.CopyTo(features, 0);
        output.Features = features;
    };

    /// <summary>A parsed encoder with its scratch buffers (one per cursor and species).</summary>
    internal sealed record ServedEncoder(LatentEncoder Encoder, int[] Genes, int SpeciesCode, float[] Current, float[] Next);

    /// <summary>Input row.</summary>
    public sealed class Input : CachedStageInput
    {
        /// <summary>Raw counts on the shared features.</summary>
        [VectorType]
        public VBuffer<float> SharedCounts { get; set; }

        /// <summary>The species' state on a keyed row, else empty.</summary>
        [ColumnName(StateColumn)]
        [VectorType]
        public VBuffer<float> State { get; set; }
    }

    /// <summary>Output row.</summary>
    public sealed class Output : CachedStageOutput
    {
        /// <summary>The latent mean.</summary>
        [VectorType]
        public float[] Embedding { get; set; } = [];

        /// <summary>The embedding padded to <see cref="SingleCellColumns.MaxEmbeddingWidth"/> (classifier features).</summary>
        [VectorType(SingleCellColumns.MaxEmbeddingWidth)]
        public float[] Features { get; set; } = [];

        /// <summary>Parsed encoders of this cursor (not a column).</summary>
        [NoColumn]
        public Dictionary<string, ServedEncoder> Encoders { get; } = new(StringComparer.Ordinal);
    }
}
