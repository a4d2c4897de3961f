using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace PllmML.Transforms.Proteins;

/// <summary>The state every width's mean-pool input row exposes.</summary>
internal interface IEsmPoolInput
{
    float[] LastHiddenState { get; }

    long[] AttentionMask { get; }
}

/// <summary>The embedding every width's mean-pool output row holds.</summary>
internal interface IEsmPoolOutput
{
    float[] Embedding { get; set; }
}

/// <summary>
/// extract.py's mean over residue positions of ESM-2's last hidden state: rows 1 … m−2 of the m unmasked positions
/// (no &lt;cls&gt;, &lt;eos&gt; or padding). One sealed subclass per model width, because a saveable mapping must
/// declare its vector sizes at compile time.
/// </summary>
internal abstract class EsmMeanPoolMapping<TInput, TOutput> : CustomMappingFactory<TInput, TOutput>
    where TInput : class, IEsmPoolInput, new()
    where TOutput : class, IEsmPoolOutput, new()
{
    public override Action<TInput, TOutput> GetMapping() => (input, output) =>
    {
        var tokens = (int)input.AttentionMask.Sum();
        var d = input.LastHiddenState.Length / EsmTokenizeOutput.Positions;
        var sum = new double[d];
        for (var t = 1; t < tokens - 1; t++)
        {
            for (var j = 0; j < d; j++)
            {
                sum[j] += input.LastHiddenState[(t * d) + j];
            }
        }

        output.Embedding = sum.Select(value => (float)(value / Math.Max(tokens - 2, 1))).ToArray();
    };
}

/// <summary>Creates the mean-pool mapping for a model width.</summary>
internal static class EsmMeanPoolMappings
{
    public static IReadOnlyList<int> Widths { get; } = [64, 320, 480, 640, 1280, 2560, 5120];

    public static string ContractName(int width) => $"PllmML.EsmMeanPool.d{width}.v1";

    public static IEstimator<ITransformer> Create(MLContext context, int width) => width switch
    {
        64 => context.Transforms.CustomMapping(new EsmMeanPool64().GetMapping(), ContractName(64)),
        320 => context.Transforms.CustomMapping(new EsmMeanPool320().GetMapping(), ContractName(320)),
        480 => context.Transforms.CustomMapping(new EsmMeanPool480().GetMapping(), ContractName(480)),
        640 => context.Transforms.CustomMapping(new EsmMeanPool640().GetMapping(), ContractName(640)),
        1280 => context.Transforms.CustomMapping(new EsmMeanPool1280().GetMapping(), ContractName(1280)),
        2560 => context.Transforms.CustomMapping(new EsmMeanPool2560().GetMapping(), ContractName(2560)),
        5120 => context.Transforms.CustomMapping(new EsmMeanPool5120().GetMapping(), ContractName(5120)),
        _ => throw new NotSupportedException($"No ML.NET mean-pool mapping for width {width}; supported: {string.Join(", ", Widths)}."),
    };
}

internal sealed class EsmPoolInput64 : IEsmPoolInput
{
    [ColumnName("last_hidden_state")]
    [VectorType(EsmTokenizeOutput.Positions * 64)]
    public float[] LastHiddenState { get; set; } = [];

    [ColumnName("attention_mask")]
    [VectorType(EsmTokenizeOutput.Positions)]
    public long[] AttentionMask { get; set; } = [];
}

internal sealed class EsmPoolOutput64 : IEsmPoolOutput
{
    [ColumnName(EmbedProteinsEstimator.PooledColumn)]
    [VectorType(64)]
    public float[] Embedding { get; set; } = [];
}

[CustomMappingFactoryAttribute("PllmML.EsmMeanPool.d64.v1")]
internal sealed class EsmMeanPool64 : EsmMeanPoolMapping<EsmPoolInput64, EsmPoolOutput64>
{
}

internal sealed class EsmPoolInput320 : IEsmPoolInput
{
    [ColumnName("last_hidden_state")]
    [VectorType(EsmTokenizeOutput.Positions * 320)]
    public float[] LastHiddenState { get; set; } = [];

    [ColumnName("attention_mask")]
    [VectorType(EsmTokenizeOutput.Positions)]
    public long[] AttentionMask { get; set; } = [];
}

internal sealed class EsmPoolOutput320 : IEsmPoolOutput
{
    [ColumnName(EmbedProteinsEstimator.PooledColumn)]
    [VectorType(320)]
    public float[] Embedding { get; set; } = [];
}

[CustomMappingFactoryAttribute("PllmML.EsmMeanPool.d320.v1")]
internal sealed class EsmMeanPool320 : EsmMeanPoolMapping<EsmPoolInput320, EsmPoolOutput320>
{
}

internal sealed class EsmPoolInput480 : IEsmPoolInput
{
    [ColumnName("last_hidden_state")]
    [VectorType(EsmTokenizeOutput.Positions * 480)]
    public float[] LastHiddenState { get; set; } = [];

    [ColumnName("attention_mask")]
    [VectorType(EsmTokenizeOutput.Positions)]
    public long[] AttentionMask { get; set; } = [];
}

internal sealed class EsmPoolOutput480 : IEsmPoolOutput
{
    [ColumnName(EmbedProteinsEstimator.PooledColumn)]
    [VectorType(480)]
    public float[] Embedding { get; set; } = [];
}

[CustomMappingFactoryAttribute("PllmML.EsmMeanPool.d480.v1")]
internal sealed class EsmMeanPool480 : EsmMeanPoolMapping<EsmPoolInput480, EsmPoolOutput480>
{
}

internal sealed class EsmPoolInput640 : IEsmPoolInput
{
    [ColumnName("last_hidden_state")]
    [VectorType(EsmTokenizeOutput.Positions * 640)]
    public float[] LastHiddenState { get; set; } = [];

    [ColumnName("attention_mask")]
    [VectorType(EsmTokenizeOutput.Positions)]
    public long[] AttentionMask { get; set; } = [];
}

internal sealed class EsmPoolOutput640 : IEsmPoolOutput
{
    [ColumnName(EmbedProteinsEstimator.PooledColumn)]
    [VectorType(640)]
    public float[] Embedding { get; set; } = [];
}

[CustomMappingFactoryAttribute("PllmML.EsmMeanPool.d640.v1")]
internal sealed class EsmMeanPool640 : EsmMeanPoolMapping<EsmPoolInput640, EsmPoolOutput640>
{
}

internal sealed class EsmPoolInput1280 : IEsmPoolInput
{
    [ColumnName("last_hidden_state")]
    [VectorType(EsmTokenizeOutput.Positions * 1280)]
    public float[] LastHiddenState { get; set; } = [];

    [ColumnName("attention_mask")]
    [VectorType(EsmTokenizeOutput.Positions)]
    public long[] AttentionMask { get; set; } = [];
}

internal sealed class EsmPoolOutput1280 : IEsmPoolOutput
{
    [ColumnName(EmbedProteinsEstimator.PooledColumn)]
    [VectorType(1280)]
    public float[] Embedding { get; set; } = [];
}

[CustomMappingFactoryAttribute("PllmML.EsmMeanPool.d1280.v1")]
internal sealed class EsmMeanPool1280 : EsmMeanPoolMapping<EsmPoolInput1280, EsmPoolOutput1280>
{
}

internal sealed class EsmPoolInput2560 : IEsmPoolInput
{
    [ColumnName("last_hidden_state")]
    [VectorType(EsmTokenizeOutput.Positions * 2560)]
    public float[] LastHiddenState { get; set; } = [];

    [ColumnName("attention_mask")]
    [VectorType(EsmTokenizeOutput.Positions)]
    public long[] AttentionMask { get; set; } = [];
}

internal sealed class EsmPoolOutput2560 : IEsmPoolOutput
{
    [ColumnName(EmbedProteinsEstimator.PooledColumn)]
    [VectorType(2560)]
    public float[] Embedding { get; set; } = [];
}

[CustomMappingFactoryAttribute("PllmML.EsmMeanPool.d2560.v1")]
internal sealed class EsmMeanPool2560 : EsmMeanPoolMapping<EsmPoolInput2560, EsmPoolOutput2560>
{
}

internal sealed class EsmPoolInput5120 : IEsmPoolInput
{
    [ColumnName("last_hidden_state")]
    [VectorType(EsmTokenizeOutput.Positions * 5120)]
    public float[] LastHiddenState { get; set; } = [];

    [ColumnName("attention_mask")]
    [VectorType(EsmTokenizeOutput.Positions)]
    public long[] AttentionMask { get; set; } = [];
}

internal sealed class EsmPoolOutput5120 : IEsmPoolOutput
{
    [ColumnName(EmbedProteinsEstimator.PooledColumn)]
    [VectorType(5120)]
    public float[] Embedding { get; set; } = [];
}

[CustomMappingFactoryAttribute("PllmML.EsmMeanPool.d5120.v1")]
internal sealed class EsmMeanPool5120 : EsmMeanPoolMapping<EsmPoolInput5120, EsmPoolOutput5120>
{
}
