using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using PllmML.Data;
using PllmML.Data.Proteins;

namespace PllmML.Esm.Onnx;

/// <summary>
/// ESM-2 through ONNX Runtime: an export in the Hugging Face optimum layout (inputs <c>input_ids</c> and
/// <c>attention_mask</c>, int64 [batch, tokens]; output <c>last_hidden_state</c>, float32 [batch, tokens, d], the last
/// layer after the final LayerNorm). Positions with <c>attention_mask = 0</c> are padding. This is the backend a
/// served ML.NET model uses; only the last layer is available.
/// </summary>
public sealed class EsmOnnxModel : IDisposable, IEsmEncoder
{
    private const string InputIds = "input_ids";
    private const string AttentionMask = "attention_mask";
    private const string LastHiddenState = "last_hidden_state";
    private readonly InferenceSession _session;

    /// <summary>Loads an ONNX file.</summary>
    /// <param name="path">The <c>model.onnx</c> (or a folder holding it, or an optimum folder with <c>onnx/model.onnx</c>).</param>
    /// <param name="threadCount">Intra-op threads; null leaves ONNX Runtime's default.</param>
    /// <param name="device"><see cref="EsmDevice.Cuda"/> runs on the first GPU through ONNX Runtime's CUDA execution
    /// provider (the Microsoft.ML.OnnxRuntime.Gpu.Linux native build).</param>
    /// <exception cref="FileNotFoundException">No ONNX file there.</exception>
    /// <exception cref="DataFormatException">The file is not a loadable ONNX model or lacks the optimum inputs/output.</exception>
    /// <exception cref="EsmDeviceException">CUDA was asked for and this ONNX Runtime build or machine cannot provide it.</exception>
    public EsmOnnxModel(string path, int? threadCount = null, EsmDevice device = EsmDevice.Cpu)
    {
        ArgumentNullException.ThrowIfNull(path);
        FilePath = Locate(path);
        using var options = new SessionOptions();
        if (threadCount is { } threads)
        {
            options.IntraOpNumThreads = threads;
        }

        if (device == EsmDevice.Cuda)
        {
            UseCuda(options);
        }

        try
        {
            _session = new InferenceSession(FilePath, options);
        }
        catch (OnnxRuntimeException exception)
        {
            throw new DataFormatException(FilePath, "model", "is not a loadable ONNX model: " + exception.Message, exception);
        }

        try
        {
            EmbeddingDimension = CheckSignature();
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        using var stream = File.OpenRead(FilePath);
        Identity = "onnx-" + Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
    }

    /// <summary>The ONNX file.</summary>
    public string FilePath { get; }

    /// <summary>The ONNX file's name with its identity, for display.</summary>
    public string Name => $"{Path.GetFileName(FilePath)} ({Identity})";

    /// <summary>The width d of <c>last_hidden_state</c>.</summary>
    public int EmbeddingDimension { get; }

    /// <summary><c>onnx-</c> plus the start of the file's SHA-256.</summary>
    public string Identity { get; }

    /// <summary>Runs a batch of tokenised sequences (see <see cref="EsmAlphabet.Encode"/>), right-padded internally.</summary>
    /// <param name="sequences">Token ids with <c>&lt;cls&gt;</c> and <c>&lt;eos&gt;</c>.</param>
    /// <param name="perToken">Also return every token's state.</param>
    /// <returns>Per sequence: the mean over residue positions, and (when asked) the [tokens × d] states.</returns>
    /// <exception cref="DataFormatException">The graph fails to run, or gives a wrongly sized or non-finite output.</exception>
    public (float[][] Means, float[][]? PerToken) Forward(IReadOnlyList<long[]> sequences, bool perToken = false)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var width = sequences.Max(tokens => tokens.Length);
        var ids = new long[sequences.Count * width];
        var mask = new long[ids.Length];
        Array.Fill(ids, EsmAlphabet.PadId);
        for (var i = 0; i < sequences.Count; i++)
        {
            sequences[i].CopyTo(ids, i * width);
            mask.AsSpan(i * width, sequences[i].Length).Fill(1);
        }

        long[] shape = [sequences.Count, width];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var runOptions = new RunOptions();
        using var outputs = Run(runOptions, idsValue, maskValue);
        var states = outputs[0].GetTensorDataAsSpan<float>();
        var d = EmbeddingDimension;
        if (outputs[0].GetTensorTypeAndShape().ElementCount != (long)ids.Length * d)
        {
            throw new DataFormatException(FilePath, LastHiddenState, $"has {outputs[0].GetTensorTypeAndShape().ElementCount} values for {sequences.Count} × {width} tokens × {d}; the export is damaged");
        }

        var means = new float[sequences.Count][];
        var tokens = perToken ? new float[sequences.Count][] : null;
        for (var i = 0; i < sequences.Count; i++)
        {
            var rows = states.Slice(i * width * d, sequences[i].Length * d);
            var bad = FirstNonFinite(rows);
            if (bad >= 0)
            {
                throw new DataFormatException(FilePath, LastHiddenState, $"is not finite (NaN or infinity) for sequence {i} at token {bad / d}, dimension {bad % d}; the model's weights are damaged or the export diverged");
            }

            means[i] = ResidueMean(rows, sequences[i].Length, d);
            if (tokens is not null)
            {
                tokens[i] = rows.ToArray();
            }
        }

        return (means, tokens);
    }

    /// <inheritdoc />
    int? IEsmEncoder.LayerCount => null;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A layer other than −1 (the last, the only one an export has) or logits were
    /// asked.</exception>
    EsmForwardResult IEsmEncoder.Forward(IReadOnlyList<long[]> sequences, EsmForwardRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Layers.Any(layer => layer != -1) || request.Logits)
        {
            throw new ArgumentException($"The ONNX export {FilePath} gives only the last layer (−1) and no logits; asked for layers {string.Join(", ", request.Layers)}{(request.Logits ? " and logits" : string.Empty)}. Use a checkpoint (TorchSharp backend) for other layers.", nameof(request));
        }

        var (means, perToken) = Forward(sequences, request.PerToken);
        var result = new EsmForwardResult(request.Layers, sequences.Count);
        foreach (var layer in request.Layers)
        {
            for (var i = 0; i < sequences.Count; i++)
            {
                result.Means[layer][i] = request.Means ? means[i] : [];
                result.PerToken[layer][i] = perToken?[i] ?? [];
            }
        }

        return result;
    }

    private IDisposableReadOnlyCollection<OrtValue> Run(RunOptions runOptions, OrtValue ids, OrtValue mask)
    {
        try
        {
            return _session.Run(runOptions, [InputIds, AttentionMask], [ids, mask], [LastHiddenState]);
        }
        catch (OnnxRuntimeException exception)
        {
            throw new DataFormatException(FilePath, "graph", "failed to run: " + exception.Message, exception);
        }
    }

    private static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Releases the session.</summary>
    public void Dispose() => _session.Dispose();

    /// <summary>The mean over residue rows 1..T−2 of [T × d] states (no <c>&lt;cls&gt;</c>/<c>&lt;eos&gt;</c>).</summary>
    /// <param name="states">Row-major states.</param>
    /// <param name="tokens">T.</param>
    /// <param name="d">The width.</param>
    public static float[] ResidueMean(ReadOnlySpan<float> states, int tokens, int d)
    {
        var sum = new double[d];
        for (var t = 1; t < tokens - 1; t++)
        {
            var row = states.Slice(t * d, d);
            for (var j = 0; j < d; j++)
            {
                sum[j] += row[j];
            }
        }

        return sum.Select(value => (float)(value / (tokens - 2))).ToArray();
    }

    private static void UseCuda(SessionOptions options)
    {
        if (!OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
        {
            throw new EsmDeviceException(
                "CUDA was requested for the ONNX backend, but this ONNX Runtime build has no CUDA execution provider: PllmML "
                + "references Microsoft.ML.OnnxRuntime (CPU only). On a machine with an NVIDIA GPU, reference "
                + "Microsoft.ML.OnnxRuntime.Gpu.Linux 1.32.0 (with Microsoft.ML.OnnxRuntime.Managed 1.32.0; needs CUDA 12 and "
                + "cuDNN 9) instead, or use --device cpu.");
        }

        try
        {
            options.AppendExecutionProvider_CUDA(0);
        }
        catch (OnnxRuntimeException exception)
        {
            throw new EsmDeviceException(
                "ONNX Runtime's CUDA execution provider is installed but cannot start (no visible NVIDIA GPU, or CUDA 12 / "
                + "cuDNN 9 libraries missing): " + exception.Message + " Use --device cpu.", exception);
        }
    }

    private static string Locate(string path)
    {
        foreach (var candidate in new[] { path, Path.Combine(path, "model.onnx"), Path.Combine(path, "onnx", "model.onnx") })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"No ONNX model at {path} (expected a .onnx file, or a folder with model.onnx or onnx/model.onnx).", path);
    }

    private int CheckSignature()
    {
        foreach (var input in new[] { InputIds, AttentionMask })
        {
            if (!_session.InputMetadata.ContainsKey(input))
            {
                throw new DataFormatException(FilePath, "inputs", $"lack '{input}' (the optimum ESM export has input_ids and attention_mask); found {string.Join(", ", _session.InputMetadata.Keys)}");
            }
        }

        if (!_session.OutputMetadata.TryGetValue(LastHiddenState, out var output) || output.Dimensions.Length != 3 || output.Dimensions[2] <= 0)
        {
            throw new DataFormatException(FilePath, "outputs", $"lack a '{LastHiddenState}' [batch, tokens, d] output with a fixed d; found {string.Join(", ", _session.OutputMetadata.Keys)}");
        }

        return output.Dimensions[2];
    }
}
