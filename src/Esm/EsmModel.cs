using PllmML.TorchInterop;
using PllmML.Data.Proteins;
using PllmML.Esm.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;
using Functional = TorchSharp.torch.nn.functional;

namespace PllmML.Esm;

/// <summary>
/// ESM-2 inference in TorchSharp with the official model's semantics (fair-esm <c>esm/model/esm2.py</c>):
/// token embeddings, token-dropout rescaling (×0.88 / (1 − mask ratio)), zeroed padding, pre-LayerNorm blocks with
/// rotary self-attention (half-split rotation over the full head, the checkpoint's stored <c>inv_freq</c>), exact-erf
/// GELU FFN, and the final LayerNorm on the last layer only. The shape comes from the checkpoint, so any layer count,
/// width and head size works.
/// </summary>
/// <remarks>
/// Weights of random-weight test checkpoints produce numbers without biological meaning; only trained ESM-2 weights
/// give protein embeddings.
/// </remarks>
public sealed class EsmModel : IDisposable, IEsmEncoder
{
    private const double LayerNormEpsilon = 1e-5;
    private const double TrainingMaskRatio = 0.15 * 0.8;
    private readonly Device _device;
    private readonly EsmAttentionKernel _attention;
    private readonly long _groupValues;
    private readonly ScalarType _compute;
    private readonly Tensor _embeddings;
    private readonly LayerWeights[] _layers;
    private readonly (Tensor Weight, Tensor Bias) _finalNorm;
    private readonly HeadWeights? _head;
    private readonly List<Tensor> _owned = [];

    /// <summary>Builds the model from an opened checkpoint (which may be disposed afterwards).</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="options">Device, attention kernel and threads; defaults when null.</param>
    /// <exception cref="EsmDeviceException">CUDA was asked for and is not usable.</exception>
    public EsmModel(EsmCheckpoint checkpoint, EsmModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        options ??= new EsmModelOptions();
        _device = ResolveDevice(options.Device);
        _attention = options.Attention;
        _groupValues = options.CpuGroupValues;
        _compute = ResolvePrecision(options.Precision, options.Device);
        if (options.ThreadCount is { } threads)
        {
            torch.set_num_threads(threads);
        }

        Architecture = checkpoint.Architecture;
        Name = checkpoint.Name;
        Identity = options.Precision == EsmPrecision.Fp32 ? checkpoint.Identity : checkpoint.Identity + "-bf16";
        Device = options.Device;
        Precision = options.Precision;
        Tensor? sharedInverseFrequencies = null;
        Tensor Load(string key)
        {
            using var scope = torch.NewDisposeScope();
            var stored = checkpoint.ReadNative(key);
            var tensor = stored.to(IsMatrixProduct(key) ? _compute : ScalarType.Float32, _device);
            if (!ReferenceEquals(tensor, stored))
            {
                stored.Dispose();
            }

            if (key.EndsWith("inv_freq", StringComparison.Ordinal))
            {
                // Real checkpoints store the same rotary frequencies in every layer: keep one, so one cos/sin table serves all.
                if (sharedInverseFrequencies is { } shared && tensor.shape.SequenceEqual(shared.shape) && tensor.eq(shared).all().item<bool>())
                {
                    return shared;
                }

                sharedInverseFrequencies ??= tensor;
            }

            tensor.DetachFromDisposeScope();
            _owned.Add(tensor);
            return tensor;
        }

        _embeddings = Load("embed_tokens.weight");
        Tensor Own(Tensor tensor)
        {
            _owned.Add(tensor);
            return tensor;
        }

        _layers = Enumerable.Range(0, Architecture.LayerCount).Select(layer => LayerWeights.Load(layer, Load, Own)).ToArray();
        _finalNorm = (Load("emb_layer_norm_after.weight"), Load("emb_layer_norm_after.bias"));
        _head = checkpoint.HasLanguageModelHead ? HeadWeights.Load(Load) : null;
    }

    /// <summary>The network shape.</summary>
    public EsmArchitecture Architecture { get; }

    /// <summary>The checkpoint's display name.</summary>
    public string Name { get; }

    /// <summary>The checkpoint's identity (see <see cref="EsmCheckpoint.Identity"/>).</summary>
    public string Identity { get; }

    /// <summary>The device the weights live on.</summary>
    public EsmDevice Device { get; }

    /// <summary>The precision of the matrix products.</summary>
    public EsmPrecision Precision { get; }

    /// <inheritdoc />
    int IEsmEncoder.EmbeddingDimension => Architecture.EmbeddingDimension;

    /// <inheritdoc />
    int? IEsmEncoder.LayerCount => Architecture.LayerCount;

    /// <summary>Whether logits can be computed.</summary>
    public bool HasLanguageModelHead => _head is not null;

    /// <summary>Opens a checkpoint (folder or file, see <see cref="EsmCheckpoint.Open"/>) and builds the model.</summary>
    /// <param name="path">The checkpoint.</param>
    /// <param name="options">Device, attention kernel and threads; defaults when null.</param>
    public static EsmModel Load(string path, EsmModelOptions? options = null)
    {
        using var checkpoint = EsmCheckpoint.Open(path);
        return new EsmModel(checkpoint, options);
    }

    /// <summary>Runs a batch of tokenised sequences (see <see cref="EsmAlphabet.Encode"/>), right-padded internally.</summary>
    /// <param name="sequences">Token ids, each starting with <c>&lt;cls&gt;</c> and ending with <c>&lt;eos&gt;</c>.</param>
    /// <param name="request">What to return.</param>
    /// <returns>The outputs, unpadded.</returns>
    /// <exception cref="ArgumentException">A layer is out of range, a sequence is too short, or logits were asked
    /// of a checkpoint without LM head.</exception>
    public EsmForwardResult Forward(IReadOnlyList<long[]> sequences, EsmForwardRequest request)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(request);
        var layers = ResolveLayers(request.Layers);
        if (request.Logits && _head is null)
        {
            throw new ArgumentException($"{Name} has no masked-LM head, so it cannot produce logits.", nameof(request));
        }

        var result = new EsmForwardResult(layers, sequences.Count);
        if (sequences.Count == 0)
        {
            return result;
        }

        var lengths = sequences.Select(tokens => tokens.Length >= 3
            ? tokens.Length
            : throw new ArgumentException("A sequence needs <cls>, at least one residue and <eos>.", nameof(sequences))).ToArray();
        using var inference = torch.inference_mode();
        var wanted = layers.ToHashSet();
        foreach (var (first, count) in Groups(lengths))
        {
            ForwardGroup(result, request, wanted, sequences, lengths, first, count);
        }

        return result;
    }

    /// <summary>Releases the weights.</summary>
    public void Dispose()
    {
        foreach (var tensor in _owned)
        {
            tensor.Dispose();
        }

        _owned.Clear();
    }

    /// <summary>
    /// Consecutive runs of sequences whose padded activations (tokens × width) stay within
    /// <see cref="EsmModelOptions.CpuGroupValues"/> on the CPU; one run on a GPU.
    /// </summary>
    /// <remarks>
    /// glibc serves a large block by a fresh <c>mmap</c>, and every first touch of its pages is a page fault: on a
    /// 2-core VM a [4096, 5120] GELU spent 140–270 ms faulting versus ≈ 10 ms computing. Activations of a few MB are
    /// reused from the heap instead, and the GEMMs run as fast on 1,600 tokens as on 4,096.
    /// </remarks>
    private IEnumerable<(int First, int Count)> Groups(int[] lengths)
    {
        if (_device.type != DeviceType.CPU)
        {
            yield return (0, lengths.Length);
            yield break;
        }

        var d = (long)Architecture.EmbeddingDimension;
        var first = 0;
        var longest = 0;
        for (var i = 0; i < lengths.Length; i++)
        {
            var widest = Math.Max(longest, lengths[i]);
            if (i > first && (i - first + 1) * widest * d > _groupValues)
            {
                yield return (first, i - first);
                first = i;
                widest = lengths[i];
            }

            longest = widest;
        }

        yield return (first, lengths.Length - first);
    }

    private void ForwardGroup(EsmForwardResult result, EsmForwardRequest request, HashSet<int> wanted, IReadOnlyList<long[]> sequences, int[] allLengths, int first, int count)
    {
        using var scope = torch.NewDisposeScope();
        var lengths = allLengths.AsSpan(first, count).ToArray();
        var tokens = Pad(sequences, first, lengths);
        var padding = tokens.EqualTo(EsmAlphabet.PadId);
        var anyPadding = lengths.Distinct().Count() > 1;
        var x = Embed(tokens, padding);
        Collect(result, request, 0, x, wanted, lengths, first, anyPadding);
        var rotary = new RotaryTable(this, lengths.Max());
        var tables = _layers.Select(rotary.For).Select(t => _compute == ScalarType.Float32 ? t : (t.Cos.to(_compute), t.Sin.to(_compute))).ToArray();
        var keyMask = anyPadding ? padding.logical_not().unsqueeze(1).unsqueeze(1) : null;
        for (var layer = 0; layer < _layers.Length; layer++)
        {
            // One scope per block: only the residual stream crosses layers, so a batch needs one block's
            // activations, not all of them (issue #13: 22.7 GB at t33 with one scope for the whole pass).
            Tensor next;
            using (torch.NewDisposeScope())
            {
                next = Block(_layers[layer], x, keyMask, tables[layer]);
                var index = layer + 1;
                if (index == _layers.Length)
                {
                    next = Functional.layer_norm(next, [Architecture.EmbeddingDimension], _finalNorm.Weight, _finalNorm.Bias, LayerNormEpsilon);
                    if (request.Logits)
                    {
                        CollectLogits(result, next, lengths, first);
                    }
                }

                Collect(result, request, index, next, wanted, lengths, first, anyPadding);
                next.MoveToOuterDisposeScope();
            }

            x.Dispose();
            x = next;
        }
    }

    /// <summary>The weights read by <c>F.linear</c> in the blocks (the LM head stays float32).</summary>
    private static bool IsMatrixProduct(string key) =>
        key.StartsWith("layers.", StringComparison.Ordinal)
        && (key.Contains("_proj.", StringComparison.Ordinal) || key.Contains(".fc1.", StringComparison.Ordinal) || key.Contains(".fc2.", StringComparison.Ordinal));

    private static ScalarType ResolvePrecision(EsmPrecision precision, EsmDevice device)
    {
        if (precision == EsmPrecision.Fp32)
        {
            return ScalarType.Float32;
        }

        return device == EsmDevice.Cuda || CpuFeatures.HasBFloat16Arithmetic
            ? ScalarType.BFloat16
            : throw new EsmDeviceException(
                "--precision bf16 on the CPU needs AVX512_BF16 or AMX (bf16 dot products); this CPU has neither (/proc/cpuinfo "
                + "flags avx512_bf16 / amx_bf16), so bfloat16 would be emulated and slower than float32. Use --precision fp32 "
                + "(the default, exact), or --device cuda on a machine with a GPU.");
    }

    private Tensor InCompute(Tensor t) => _compute == ScalarType.Float32 ? t : t.to(_compute);

    private static Tensor InFloat32(Tensor t) => t.dtype == ScalarType.Float32 ? t : t.to(ScalarType.Float32);

    private static Device ResolveDevice(EsmDevice device)
    {
        if (device == EsmDevice.Cpu)
        {
            return torch.CPU;
        }

        return torch.cuda.is_available()
            ? torch.CUDA
            : throw new EsmDeviceException(
                "CUDA was requested, but the TorchSharp backend finds no usable CUDA device: PllmML references the CPU build "
                + "of libtorch (libtorch-cpu-linux-x64), and/or this machine has no visible NVIDIA GPU. On a GPU machine, "
                + "reference libtorch-cuda-12.x-linux-x64 instead (or use the ONNX backend with Microsoft.ML.OnnxRuntime.Gpu.Linux), "
                + "or use --device cpu.");
    }

    private int[] ResolveLayers(IReadOnlyList<int> layers)
    {
        var resolved = layers.Select(layer => layer < 0 ? Architecture.LayerCount + 1 + layer : layer).ToArray();
        var bad = resolved.Where(layer => layer < 0 || layer > Architecture.LayerCount).ToArray();
        return bad.Length == 0
            ? resolved.Distinct().ToArray()
            : throw new ArgumentException(
                $"Layer {bad[0]} does not exist: {Name} has representation layers 0..{Architecture.LayerCount} (−1 = last).", nameof(layers));
    }

    private Tensor Pad(IReadOnlyList<long[]> sequences, int first, int[] lengths)
    {
        var width = lengths.Max();
        var ids = new long[lengths.Length * width];
        Array.Fill(ids, (long)EsmAlphabet.PadId);
        for (var i = 0; i < lengths.Length; i++)
        {
            sequences[first + i].CopyTo(ids, i * width);
        }

        return torch.tensor(ids, [lengths.Length, width], ScalarType.Int64).to(_device);
    }

    private Tensor Embed(Tensor tokens, Tensor padding)
    {
        var batch = tokens.shape[0];
        var width = tokens.shape[1];
        var x = _embeddings.index_select(0, tokens.flatten()).view(batch, width, Architecture.EmbeddingDimension);
        if (Architecture.TokenDropout)
        {
            var masked = tokens.EqualTo(EsmAlphabet.MaskId);
            x = x.FilledWhere(masked.unsqueeze(-1), 0.0);
            var lengths = padding.logical_not().sum(-1).to_type(ScalarType.Float32);
            var observed = masked.sum(-1).to_type(ScalarType.Float32) / lengths;
            var scale = 1.0.Minus(observed).reciprocal().Times(1.0 - TrainingMaskRatio);
            x = x * scale.unsqueeze(-1).unsqueeze(-1);
        }

        return x * 1.0.Minus(padding.unsqueeze(-1).to_type(ScalarType.Float32));
    }

    private Tensor Block(LayerWeights w, Tensor x, Tensor? keyMask, (Tensor Cos, Tensor Sin) rotary)
    {
        var d = Architecture.EmbeddingDimension;
        var h = Functional.layer_norm(x, [d], w.AttentionNormWeight, w.AttentionNormBias, LayerNormEpsilon);
        x = x.Plus(InFloat32(Attention(w, InCompute(h), keyMask, rotary)));
        h = Functional.layer_norm(x, [d], w.FeedForwardNormWeight, w.FeedForwardNormBias, LayerNormEpsilon);
        return FeedForward(w, x, InCompute(h));
    }

    /// <summary>
    /// x + fc2(gelu(fc1(h))), with the hidden layer in slices of at most d units: fc2 is a sum over hidden units, so
    /// each slice's product is added into the output in turn and no tokens × 4d tensor exists.
    /// </summary>
    private static Tensor FeedForward(LayerWeights w, Tensor x, Tensor h)
    {
        var d = x.shape[^1];
        var input = h.reshape(-1, d);
        var output = x.Plus(w.Fc2Bias);
        var rows = output.view(-1, d);
        for (var slice = 0; slice < w.Fc1Slices.Length; slice++)
        {
            using var scope = torch.NewDisposeScope();
            var hidden = Functional.gelu(Functional.linear(input, w.Fc1Slices[slice], w.Fc1BiasSlices[slice]));
            if (hidden.dtype == ScalarType.Float32)
            {
                rows.addmm_(hidden, w.Fc2Slices[slice].t());
            }
            else
            {
                rows.PlusInPlace(InFloat32(Functional.linear(hidden, w.Fc2Slices[slice])));
            }
        }

        return output;
    }

    private Tensor Attention(LayerWeights w, Tensor h, Tensor? keyMask, (Tensor Cos, Tensor Sin) rotary)
    {
        var batch = h.shape[0];
        var width = h.shape[1];
        var heads = Architecture.HeadCount;
        var headDim = Architecture.HeadDimension;
        Tensor Split(Tensor t) => t.view(batch, width, heads, headDim).transpose(1, 2);
        var (cos, sin) = rotary;
        var q = Functional.linear(h, w.QueryWeight, w.QueryBias);
        var k = Split(Functional.linear(h, w.KeyWeight, w.KeyBias));
        var v = Split(Functional.linear(h, w.ValueWeight, w.ValueBias));
        Tensor output;
        if (_attention == EsmAttentionKernel.Fused)
        {
            q = Rotate(Split(q), cos, sin);
            k = Rotate(k, cos, sin);
            output = Functional.scaled_dot_product_attention(q, k, v, keyMask);
        }
        else
        {
            q = Rotate(Split(q.Times(Math.Pow(headDim, -0.5))), cos, sin);
            k = Rotate(k, cos, sin);
            var scores = torch.matmul(q, k.transpose(-1, -2));
            if (keyMask is not null)
            {
                scores = scores.FilledWhere(keyMask.logical_not(), double.NegativeInfinity);
            }

            output = torch.matmul(scores.softmax(-1, ScalarType.Float32), v);
        }

        output = output.transpose(1, 2).reshape(batch, width, Architecture.EmbeddingDimension);
        return Functional.linear(output, w.OutputWeight, w.OutputBias);
    }

    private static Tensor Rotate(Tensor x, Tensor cos, Tensor sin)
    {
        var half = x.shape[^1] / 2;
        var rotated = torch.cat([x.narrow(-1, half, half).neg(), x.narrow(-1, 0, half)], -1);
        return (x * cos).Plus(rotated * sin);
    }

    private void Collect(EsmForwardResult result, EsmForwardRequest request, int layer, Tensor x, HashSet<int> wanted, int[] lengths, int first, bool anyPadding)
    {
        if (!wanted.Contains(layer))
        {
            return;
        }

        if (request.Means)
        {
            var means = ResidueMeans(x, lengths, anyPadding).cpu();
            var d = Architecture.EmbeddingDimension;
            var all = means.data<float>().ToArray();
            for (var i = 0; i < lengths.Length; i++)
            {
                result.Means[layer][first + i] = all.AsSpan(i * d, d).ToArray();
            }
        }

        if (request.PerToken)
        {
            CopyRows(result.PerToken[layer], x, lengths, first);
        }
    }

    private Tensor ResidueMeans(Tensor x, int[] lengths, bool anyPadding)
    {
        if (!anyPadding)
        {
            return x.narrow(1, 1, lengths[0] - 2).mean([1]);
        }

        var width = x.shape[1];
        var weights = new float[lengths.Length * width];
        for (var i = 0; i < lengths.Length; i++)
        {
            var residues = lengths[i] - 2;
            weights.AsSpan((int)((i * width) + 1), residues).Fill(1.0f / residues);
        }

        var w = torch.tensor(weights, [lengths.Length, 1, width], ScalarType.Float32).to(_device);
        return torch.matmul(w, x).squeeze(1);
    }

    private static void CopyRows(float[][] target, Tensor x, int[] lengths, int first)
    {
        var cpu = x.cpu().contiguous();
        var all = cpu.data<float>().ToArray();
        var width = (int)x.shape[1];
        var d = (int)x.shape[2];
        for (var i = 0; i < lengths.Length; i++)
        {
            target[first + i] = all.AsSpan(i * width * d, lengths[i] * d).ToArray();
        }
    }

    private void CollectLogits(EsmForwardResult result, Tensor x, int[] lengths, int first)
    {
        var head = _head!;
        var h = Functional.gelu(Functional.linear(x, head.DenseWeight, head.DenseBias));
        h = Functional.layer_norm(h, [Architecture.EmbeddingDimension], head.NormWeight, head.NormBias, LayerNormEpsilon);
        var logits = Functional.linear(h, head.Decoder, head.Bias);
        CopyRows(result.Logits, logits, lengths, first);
    }

    /// <summary>cos/sin tables per distinct <c>inv_freq</c> tensor (layers share one when their values agree).</summary>
    private sealed class RotaryTable
    {
        private readonly Dictionary<Tensor, (Tensor Cos, Tensor Sin)> _tables = [];
        private readonly EsmModel _model;
        private readonly int _width;

        public RotaryTable(EsmModel model, int width)
        {
            _model = model;
            _width = width;
        }

        public (Tensor Cos, Tensor Sin) For(LayerWeights layer)
        {
            if (!_tables.TryGetValue(layer.InverseFrequencies, out var table))
            {
                // cos/sin of t·inv_freq, t = 0..T−1 counting <cls>; duplicated halves as in fair-esm's rotary module.
                using var width = _width.ToScalar();
                var positions = torch.arange(width, ScalarType.Float32, _model._device);
                var frequencies = torch.outer(positions, layer.InverseFrequencies);
                var angles = torch.cat([frequencies, frequencies], -1);
                table = (angles.cos(), angles.sin());
                _tables[layer.InverseFrequencies] = table;
            }

            return table;
        }
    }

    private sealed record LayerWeights(
        Tensor QueryWeight, Tensor QueryBias, Tensor KeyWeight, Tensor KeyBias, Tensor ValueWeight, Tensor ValueBias,
        Tensor OutputWeight, Tensor OutputBias, Tensor InverseFrequencies,
        Tensor AttentionNormWeight, Tensor AttentionNormBias, Tensor Fc1Weight, Tensor Fc1Bias, Tensor Fc2Weight, Tensor Fc2Bias,
        Tensor FeedForwardNormWeight, Tensor FeedForwardNormBias)
    {
        /// <summary>fc1's rows (views) in slices of at most d hidden units.</summary>
        public Tensor[] Fc1Slices { get; private init; } = [];

        /// <summary>fc1's bias (views) in the same slices.</summary>
        public Tensor[] Fc1BiasSlices { get; private init; } = [];

        /// <summary>fc2's columns in the same slices, each a contiguous copy (fc2 itself is released).</summary>
        public Tensor[] Fc2Slices { get; private init; } = [];

        /// <summary>Reads a block's weights; <paramref name="own"/> keeps a derived tensor alive with the model.</summary>
        public static LayerWeights Load(int layer, Func<string, Tensor> load, Func<Tensor, Tensor> own)
        {
            var weights = Read(layer, load);
            var (hiddenUnits, d) = (weights.Fc1Weight.shape[0], weights.Fc1Weight.shape[1]);
            var starts = Enumerable.Range(0, (int)((hiddenUnits + d - 1) / d)).Select(i => i * d).ToArray();
            long Size(long start) => Math.Min(d, hiddenUnits - start);
            var result = weights with
            {
                Fc1Slices = starts.Select(start => own(weights.Fc1Weight.narrow(0, start, Size(start)))).ToArray(),
                Fc1BiasSlices = starts.Select(start => own(weights.Fc1Bias.narrow(0, start, Size(start)))).ToArray(),
                Fc2Slices = starts.Select(start => own(weights.Fc2Weight.narrow(1, start, Size(start)).contiguous())).ToArray(),
            };
            weights.Fc2Weight.Dispose(); // its slices replace it; Fc2Weight stays in the record disposed, never read
            return result;
        }

        private static LayerWeights Read(int layer, Func<string, Tensor> load)
        {
            var p = $"layers.{layer}.";
            return new LayerWeights(
                load(p + "self_attn.q_proj.weight"), load(p + "self_attn.q_proj.bias"),
                load(p + "self_attn.k_proj.weight"), load(p + "self_attn.k_proj.bias"),
                load(p + "self_attn.v_proj.weight"), load(p + "self_attn.v_proj.bias"),
                load(p + "self_attn.out_proj.weight"), load(p + "self_attn.out_proj.bias"),
                load(p + "self_attn.rot_emb.inv_freq"),
                load(p + "self_attn_layer_norm.weight"), load(p + "self_attn_layer_norm.bias"),
                load(p + "fc1.weight"), load(p + "fc1.bias"), load(p + "fc2.weight"), load(p + "fc2.bias"),
                load(p + "final_layer_norm.weight"), load(p + "final_layer_norm.bias"));
        }
    }

    private sealed record HeadWeights(Tensor DenseWeight, Tensor DenseBias, Tensor NormWeight, Tensor NormBias, Tensor Decoder, Tensor Bias)
    {
        public static HeadWeights Load(Func<string, Tensor> load) => new(
            load("lm_head.dense.weight"), load("lm_head.dense.bias"), load("lm_head.layer_norm.weight"),
            load("lm_head.layer_norm.bias"), load("lm_head.weight"), load("lm_head.bias"));
    }
}
