using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using PllmML.Data.Proteins;

namespace PllmML.Transforms.Proteins;

/// <summary>The input row of the tokenizer mapping: the protein sequence under a fixed internal column name.</summary>
internal sealed class EsmTokenizeInput
{
    public const string ColumnName = "PllmProteinSequence";

    [ColumnName(ColumnName)]
    public string Sequence { get; set; } = string.Empty;
}

/// <summary>The tokenizer's output: ids and mask padded to 1024 positions (ML.NET's ONNX scorer needs a fixed size).</summary>
internal sealed class EsmTokenizeOutput
{
    public const int Positions = 1024;

    [ColumnName("input_ids")]
    [VectorType(Positions)]
    public long[] InputIds { get; set; } = [];

    [ColumnName("attention_mask")]
    [VectorType(Positions)]
    public long[] AttentionMask { get; set; } = [];
}

/// <summary>
/// ESM-2 tokenization inside an ML.NET pipeline (stateless, so it survives save and load): upper-cased residues, J
/// as X, any other character outside the 33-token alphabet as &lt;unk&gt; (the Hugging Face tokenizer's rule),
/// the first 1022 residues, then &lt;cls&gt; … &lt;eos&gt; and &lt;pad&gt; to 1024 positions.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class EsmTokenizeMapping : CustomMappingFactory<EsmTokenizeInput, EsmTokenizeOutput>
{
    public const string ContractName = "PllmML.EsmTokenize.v1";

    public static void Map(EsmTokenizeInput input, EsmTokenizeOutput output)
    {
        output.InputIds = new long[EsmTokenizeOutput.Positions];
        output.AttentionMask = new long[EsmTokenizeOutput.Positions];
        var tokens = EsmAlphabet.EncodeLenient(input.Sequence, output.InputIds);
        output.AttentionMask.AsSpan(0, tokens).Fill(1);
    }

    public override Action<EsmTokenizeInput, EsmTokenizeOutput> GetMapping() => Map;
}
