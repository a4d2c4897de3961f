using PllmML.Data.Proteins;
using PllmML.Esm.Checkpoints;

namespace PllmML.Esm.Onnx;

/// <summary>
/// Writes an ESM-2 checkpoint as an ONNX model that <see cref="EsmOnnxModel"/> runs (the Hugging Face optimum layout:
/// inputs <c>input_ids</c> and <c>attention_mask</c>, int64 [batch, tokens]; output <c>last_hidden_state</c>, float32
/// [batch, tokens, d] after the final LayerNorm), with no Python: the graph is <see cref="EsmModel"/>'s forward pass
/// written out operator by operator (token-dropout rescaling, padding zeroed, pre-LayerNorm blocks with rotary
/// attention, exact erf GELU), so ONNX Runtime's CPU and CUDA providers give the same embeddings within float rounding.
/// </summary>
public static class EsmOnnxExport
{
    /// <summary>Above this many bytes of weights they go to an external data file (protobuf stops at 2 GiB).</summary>
    public const long ExternalDataThreshold = 1L << 30;

    private const float LayerNormEpsilon = 1e-5f;
    private const float TrainingMaskRatio = 0.15f * 0.8f;

    /// <summary>Exports a checkpoint.</summary>
    /// <param name="checkpoint">The ESM-2 weights (any format <see cref="EsmCheckpoint.Open"/> reads).</param>
    /// <param name="path">The <c>.onnx</c> file to write; its folder is created.</param>
    /// <param name="externalData">Put the weights in <c>&lt;file&gt;.data</c> beside it (true), inline (false), or
    /// decide by size (null: external above <see cref="ExternalDataThreshold"/>).</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ArgumentException">Inline weights were asked for a model above 2 GiB.</exception>
    /// <exception cref="PllmML.Data.DataFormatException">A weight of the checkpoint is damaged or not finite.</exception>
    public static EsmOnnxExportSummary Export(EsmCheckpoint checkpoint, string path, bool? externalData = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(path);
        var architecture = checkpoint.Architecture;
        var weightBytes = architecture.ParameterCount * sizeof(float);
        var external = externalData ?? weightBytes > ExternalDataThreshold;
        if (!external && weightBytes > int.MaxValue - (64L << 20))
        {
            throw new ArgumentException($"{checkpoint.Name} has {weightBytes:N0} bytes of weights; a protobuf file holds at most 2 GiB, so they must go to an external data file.", nameof(externalData));
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        var dataPath = external ? path + ".data" : null;
        using (var graph = new OnnxGraph(dataPath))
        {
            new Writer(graph, checkpoint).Build();
            graph.Write(path, "esm2", new Dictionary<string, string>
            {
                ["pllm.source"] = Path.GetFileName(checkpoint.FilePath),
                ["pllm.source_identity"] = checkpoint.Identity,
                ["pllm.architecture"] = architecture.ToString(),
            });
        }

        return new EsmOnnxExportSummary(Path.GetFullPath(path), dataPath is null ? null : Path.GetFullPath(dataPath), architecture, checkpoint.Identity);
    }

    private sealed class Writer(OnnxGraph g, EsmCheckpoint checkpoint)
    {
        private readonly List<(float[] Frequencies, (string Cos, string Sin) Table)> _rotaryByValues = [];
        private EsmArchitecture A => checkpoint.Architecture;

        public void Build()
        {
            var ids = g.Input("input_ids", OnnxGraph.Int64Type, "batch", "sequence");
            var mask = g.Input("attention_mask", OnnxGraph.Int64Type, "batch", "sequence");
            var keep = g.Node("Cast", [mask], ("to", OnnxGraph.FloatType));
            var x = Embed(ids, keep);

            // Positions 0..T−1 (counting <cls>) for the rotary tables, and the key mask [B, 1, 1, T].
            var width = g.Node("Gather", [g.Node("Shape", [ids]), g.Int64s(1)], ("axis", 0));
            var positions = g.Node("Cast", [g.Node("Range", [g.Initializer("zero", [], [0L]), g.Node("Squeeze", [width]), g.Initializer("one", [], [1L])])], ("to", OnnxGraph.FloatType));
            var keyMask = g.Node("Unsqueeze", [g.Node("Cast", [mask], ("to", OnnxGraph.BoolType)), g.Int64s(1, 2)]);
            var negativeInfinity = g.Scalar(float.NegativeInfinity);
            for (var layer = 0; layer < A.LayerCount; layer++)
            {
                x = Block(layer, x, positions, keyMask, negativeInfinity);
            }

            var last = LayerNorm(x, "emb_layer_norm_after");
            g.Output(last, "last_hidden_state", OnnxGraph.FloatType, "batch", "sequence", A.EmbeddingDimension);
        }

        private string Embed(string ids, string keep)
        {
            var table = Weight("embed_tokens.weight");
            var x = g.Node("Gather", [table, ids], ("axis", 0));
            if (A.TokenDropout)
            {
                // fair-esm: <mask> rows zeroed, then × (1 − 0.15·0.8) / (1 − observed mask ratio) per sequence.
                var masked = g.Node("Cast", [g.Node("Equal", [ids, g.Initializer("mask_id", [], [(long)EsmAlphabet.MaskId])])], ("to", OnnxGraph.FloatType));
                var one = g.Scalar(1f);
                x = g.Node("Mul", [x, g.Node("Unsqueeze", [g.Node("Sub", [one, masked]), g.Int64s(-1)])]);
                var lengths = g.Node("ReduceSum", [keep, g.Int64s(-1)], ("keepdims", 1));
                var observed = g.Node("Div", [g.Node("ReduceSum", [masked, g.Int64s(-1)], ("keepdims", 1)), lengths]);
                var scale = g.Node("Mul", [g.Node("Reciprocal", [g.Node("Sub", [one, observed])]), g.Scalar(1f - TrainingMaskRatio)]);
                x = g.Node("Mul", [x, g.Node("Unsqueeze", [scale, g.Int64s(-1)])]);
            }

            return g.Node("Mul", [x, g.Node("Unsqueeze", [keep, g.Int64s(-1)])]);
        }

        private string Block(int layer, string x, string positions, string keyMask, string negativeInfinity)
        {
            var p = $"layers.{layer}.";
            var h = LayerNorm(x, p + "self_attn_layer_norm");
            x = g.Node("Add", [x, Attention(layer, h, positions, keyMask, negativeInfinity)]);
            h = LayerNorm(x, p + "final_layer_norm");
            h = Gelu(Linear(h, p + "fc1"));
            return g.Node("Add", [x, Linear(h, p + "fc2")]);
        }

        private string Attention(int layer, string h, string positions, string keyMask, string negativeInfinity)
        {
            var p = $"layers.{layer}.self_attn.";
            var heads = A.HeadCount;
            var headDim = A.HeadDimension;
            var split = g.Int64s(0, 0, heads, headDim);
            string Split(string t) => g.Node("Transpose", [g.Node("Reshape", [t, split])], ("perm", new long[] { 0, 2, 1, 3 }));
            var (cos, sin) = Rotary(p + "rot_emb.inv_freq", positions);
            var q = Rotate(Split(g.Node("Mul", [Linear(h, p + "q_proj"), g.Scalar((float)Math.Pow(headDim, -0.5))])), cos, sin);
            var k = Rotate(Split(Linear(h, p + "k_proj")), cos, sin);
            var v = Split(Linear(h, p + "v_proj"));
            var scores = g.Node("MatMul", [q, g.Node("Transpose", [k], ("perm", new long[] { 0, 1, 3, 2 }))]);
            scores = g.Node("Where", [keyMask, scores, negativeInfinity]);
            var output = g.Node("MatMul", [g.Node("Softmax", [scores], ("axis", -1)), v]);
            output = g.Node("Reshape", [g.Node("Transpose", [output], ("perm", new long[] { 0, 2, 1, 3 })), g.Int64s(0, 0, A.EmbeddingDimension)]);
            return Linear(output, p + "out_proj");
        }

        private string Rotate(string x, string cos, string sin)
        {
            long half = A.HeadDimension / 2;
            var first = g.Node("Slice", [x, g.Int64s(0), g.Int64s(half), g.Int64s(-1)]);
            var second = g.Node("Slice", [x, g.Int64s(half), g.Int64s(2 * half), g.Int64s(-1)]);
            var rotated = g.Node("Concat", [g.Node("Neg", [second]), first], ("axis", -1));
            return g.Node("Add", [g.Node("Mul", [x, cos]), g.Node("Mul", [rotated, sin])]);
        }

        // cos/sin of t·inv_freq with duplicated halves, as fair-esm's rotary module; one table per distinct inv_freq.
        private (string Cos, string Sin) Rotary(string key, string positions)
        {
            var (frequencies, _) = checkpoint.ReadTensor(key);
            foreach (var (values, table) in _rotaryByValues)
            {
                if (values.AsSpan().SequenceEqual(frequencies))
                {
                    return table;
                }
            }

            var inverse = g.Initializer(key, [frequencies.Length], frequencies);
            var angles = g.Node("Mul", [g.Node("Unsqueeze", [positions, g.Int64s(1)]), g.Node("Unsqueeze", [inverse, g.Int64s(0)])]);
            angles = g.Node("Concat", [angles, angles], ("axis", -1));
            var created = (g.Node("Cos", [angles]), g.Node("Sin", [angles]));
            _rotaryByValues.Add((frequencies, created));
            return created;
        }

        private string LayerNorm(string x, string prefix) =>
            g.Node("LayerNormalization", [x, Weight(prefix + ".weight"), Weight(prefix + ".bias")], ("axis", -1), ("epsilon", LayerNormEpsilon));

        // x·Wᵀ + b with Wᵀ stored, so MatMul needs no transpose at run time.
        private string Linear(string x, string prefix)
        {
            var (values, shape) = checkpoint.ReadTensor(prefix + ".weight");
            var (rows, columns) = ((int)shape[0], (int)shape[1]);
            var transposed = new float[values.Length];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    transposed[(c * rows) + r] = values[(r * columns) + c];
                }
            }

            var weight = g.Initializer(prefix + ".weight.T", [columns, rows], transposed);
            return g.Node("Add", [g.Node("MatMul", [x, weight]), Weight(prefix + ".bias")]);
        }

        // libtorch's exact GELU: x · ½ · (1 + erf(x / √2)).
        private string Gelu(string x)
        {
            var erf = g.Node("Erf", [g.Node("Mul", [x, g.Scalar((float)(1 / Math.Sqrt(2)))])]);
            return g.Node("Mul", [g.Node("Mul", [x, g.Scalar(0.5f)]), g.Node("Add", [erf, g.Scalar(1f)])]);
        }

        private string Weight(string key)
        {
            var (values, shape) = checkpoint.ReadTensor(key);
            return g.Initializer(key, shape, values);
        }
    }
}
