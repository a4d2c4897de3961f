using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PllmML.Data;
using PllmML.Data.Proteins;
using PllmML.Data.Tensors;

namespace PllmML.Esm.Checkpoints;

/// <summary>
/// An ESM-2 checkpoint opened from disk: its architecture (read from the tensors and cross-checked against the
/// configuration), its tensors under fair-esm's module keys, and an identity for caching. Tensor data is read on
/// demand. Opening checks every tensor's presence and shape, so a damaged or mismatched checkpoint fails here with
/// the tensor named, never halfway through a run.
/// </summary>
public sealed class EsmCheckpoint : IDisposable
{
    private readonly ITensorSource _source;
    private readonly Dictionary<string, string> _fileKeyByCanonical;

    private EsmCheckpoint(ITensorSource source, EsmCheckpointFormat format, string name, EsmArchitecture architecture,
        Dictionary<string, string> fileKeyByCanonical, bool hasHead)
    {
        _source = source;
        Format = format;
        Name = name;
        Architecture = architecture;
        _fileKeyByCanonical = fileKeyByCanonical;
        HasLanguageModelHead = hasHead;
        Identity = ComputeIdentity();
    }

    /// <summary>The weights file.</summary>
    public string FilePath => _source.FilePath;

    /// <summary>The layout.</summary>
    public EsmCheckpointFormat Format { get; }

    /// <summary>A display name: the config's <c>_name_or_path</c>, else the file or folder name.</summary>
    public string Name { get; }

    /// <summary>The network shape.</summary>
    public EsmArchitecture Architecture { get; }

    /// <summary>Whether the masked-LM head is present (needed only for logits).</summary>
    public bool HasLanguageModelHead { get; }

    /// <summary>
    /// A short hex digest of the architecture and of the embedding, final-LayerNorm and last-FFN weights: equal for
    /// the same weights in any format, different for different weights. Keys the embedding store.
    /// </summary>
    public string Identity { get; }

    /// <summary>
    /// Opens a checkpoint: a Hugging Face model folder (<c>config.json</c> with <c>model.safetensors</c> or
    /// <c>pytorch_model.bin</c>), one of those files directly (the folder's <c>config.json</c> is then used when
    /// present), or a fair-esm <c>.pt</c> hub file.
    /// </summary>
    /// <param name="path">A folder or file.</param>
    /// <exception cref="FileNotFoundException">Nothing at the path, or a folder without weights.</exception>
    /// <exception cref="DataFormatException">A tensor is missing, unexpected or mis-shaped (named in the message),
    /// the configuration disagrees with the weights, or the file is truncated or not a checkpoint.</exception>
    public static EsmCheckpoint Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (weights, config, format) = Locate(path);
        ITensorSource source = format == EsmCheckpointFormat.HuggingFaceSafetensors
            ? new SafetensorsSource(weights)
            : new TorchPickleSource(weights);
        try
        {
            if (source is TorchPickleSource { Configuration: not null })
            {
                format = EsmCheckpointFormat.FairEsm;
            }

            return Build(source, format, config, path);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A checkpoint of random weights with the given shape (N(0, 0.02) matrices, unit LayerNorms, real rotary
    /// frequencies), generated on demand. For benchmarks and shape tests: its outputs carry no biology.
    /// </summary>
    /// <param name="architecture">The shape.</param>
    /// <param name="seed">The seed.</param>
    public static EsmCheckpoint CreateRandom(EsmArchitecture architecture, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var source = new RandomTensorSource(architecture, seed);
        return Build(source, EsmCheckpointFormat.HuggingFaceSafetensors, null, $"random-{architecture.LayerCount}x{architecture.EmbeddingDimension}-seed{seed} (random weights, NOT trained)");
    }

    /// <summary>Reads one tensor by its fair-esm module key, as float32.</summary>
    /// <param name="key">For example <c>layers.0.fc1.weight</c>; <c>lm_head.weight</c> falls back to the tied
    /// embeddings.</param>
    /// <returns>The values, row-major, and the shape.</returns>
    /// <exception cref="KeyNotFoundException">The checkpoint has no such tensor.</exception>
    public (float[] Values, long[] Shape) ReadTensor(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_fileKeyByCanonical.TryGetValue(key, out var fileKey))
        {
            if (key == "lm_head.weight")
            {
                return ReadTensor("embed_tokens.weight");
            }

            throw new KeyNotFoundException($"{FilePath}: no tensor '{key}'.");
        }

        var tensor = _source.Read(fileKey);
        TensorChecks.RequireFinite(tensor, FilePath, fileKey);
        return (tensor.ToSingles(), [.. tensor.Shape]);
    }

    /// <summary>
    /// Reads one tensor straight into a CPU libtorch tensor of the stored dtype (float32, float16 or bfloat16): the
    /// file's bytes are copied once into native memory, with no float[] or second tensor in between, so loading a
    /// checkpoint needs its size plus the largest tensor, not twice its size. Other dtypes go through float32.
    /// </summary>
    /// <param name="key">A fair-esm module key, as for <see cref="ReadTensor"/>.</param>
    /// <exception cref="KeyNotFoundException">The checkpoint has no such tensor.</exception>
    internal TorchSharp.torch.Tensor ReadNative(string key)
    {
        if (!_fileKeyByCanonical.TryGetValue(key, out var fileKey))
        {
            return key == "lm_head.weight"
                ? ReadNative("embed_tokens.weight")
                : throw new KeyNotFoundException($"{FilePath}: no tensor '{key}'.");
        }

        var stored = _source.Read(fileKey);
        TensorChecks.RequireFinite(stored, FilePath, fileKey);
        TorchSharp.torch.ScalarType? type = stored.ElementType switch
        {
            TensorElementType.F32 => TorchSharp.torch.ScalarType.Float32,
            TensorElementType.F16 => TorchSharp.torch.ScalarType.Float16,
            TensorElementType.BF16 => TorchSharp.torch.ScalarType.BFloat16,
            _ => null,
        };
        if (type is null)
        {
            return TorchSharp.torch.tensor(stored.ToSingles(), [.. stored.Shape], TorchSharp.torch.ScalarType.Float32);
        }

        var tensor = TorchSharp.torch.empty([.. stored.Shape], type.Value);
        stored.Data.AsSpan().CopyTo(tensor.bytes);
        return tensor;
    }

    /// <summary>Closes the weights file.</summary>
    public void Dispose() => _source.Dispose();

    private static (string Weights, string? Config, EsmCheckpointFormat Format) Locate(string path)
    {
        if (Directory.Exists(path))
        {
            var config = Path.Combine(path, "config.json");
            var safetensors = Path.Combine(path, "model.safetensors");
            var bin = Path.Combine(path, "pytorch_model.bin");
            var found = File.Exists(safetensors) ? (safetensors, EsmCheckpointFormat.HuggingFaceSafetensors)
                : File.Exists(bin) ? (bin, EsmCheckpointFormat.HuggingFacePytorch)
                : throw new FileNotFoundException(
                    $"{path} is a folder without model.safetensors or pytorch_model.bin (a Hugging Face ESM-2 model folder holds config.json and one of them).", path);
            return (found.Item1, File.Exists(config) ? config : null, found.Item2);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No ESM-2 checkpoint at {path}.", path);
        }

        var besideConfig = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "config.json");
        var isSafetensors = path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);
        return (path, isSafetensors || path.EndsWith(".bin", StringComparison.OrdinalIgnoreCase)
                ? (File.Exists(besideConfig) ? besideConfig : null) : null,
            isSafetensors ? EsmCheckpointFormat.HuggingFaceSafetensors : EsmCheckpointFormat.HuggingFacePytorch);
    }

    private static EsmCheckpoint Build(ITensorSource source, EsmCheckpointFormat format, string? configPath, string path)
    {
        var entries = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
        var fileKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in source.Entries)
        {
            var canonical = EsmKeyMap.ToCanonical(entry.Name);
            if (EsmKeyMap.IsIgnored(canonical))
            {
                continue;
            }

            entries[canonical] = entry;
            fileKeys[canonical] = entry.Name;
        }

        var architecture = InferArchitecture(source.FilePath, entries);
        var configured = source is TorchPickleSource { Configuration: { } cfg }
            ? FromFairEsmConfig(source.FilePath, cfg)
            : configPath is null ? null : FromHuggingFaceConfig(configPath);
        if (configured is not null)
        {
            CheckAgainstConfig(configured.Value.Source, configured.Value.Architecture, architecture);
            architecture = architecture with { TokenDropout = configured.Value.Architecture.TokenDropout };
        }

        var hasHead = CheckTensors(source.FilePath, entries, architecture);
        var name = configured?.Name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        return new EsmCheckpoint(source, format, name, architecture, fileKeys, hasHead);
    }

    private static EsmArchitecture InferArchitecture(string file, Dictionary<string, TensorEntry> entries)
    {
        var embeddings = Require(file, entries, "embed_tokens.weight");
        if (embeddings.Shape.Count != 2 || embeddings.Shape[0] != EsmAlphabet.Size)
        {
            throw new DataFormatException(file, "tensor embed_tokens.weight",
                $"has shape {embeddings.ShapeText}, expected [{EsmAlphabet.Size}, d] (ESM-2's 33-token vocabulary)");
        }

        var width = (int)embeddings.Shape[1];
        var layers = entries.Keys.Select(key => EsmKeyMap.CanonicalLayer().Match(key))
            .Where(match => match.Success).Select(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(-1).Max() + 1;
        if (layers == 0)
        {
            throw new DataFormatException(file, "tensors", "no transformer layer found (expected layers.N.* or esm.encoder.layer.N.*)");
        }

        var invFreq = Require(file, entries, "layers.0.self_attn.rot_emb.inv_freq");
        var headDimension = (int)(2 * invFreq.ElementCount);
        var ffn = Require(file, entries, "layers.0.fc1.weight");
        if (headDimension == 0 || width % headDimension != 0)
        {
            throw new DataFormatException(file, "tensor layers.0.self_attn.rot_emb.inv_freq",
                $"has {invFreq.ElementCount} values, so heads of {headDimension}, which do not divide the width {width}");
        }

        return new EsmArchitecture(layers, width, width / headDimension, (int)ffn.Shape[0]);
    }

    private static bool CheckTensors(string file, Dictionary<string, TensorEntry> entries, EsmArchitecture architecture)
    {
        var expected = EsmKeyMap.TrunkTensors(architecture).ToList();
        var head = EsmKeyMap.HeadTensors(architecture).ToList();
        var hasHead = head.Any(tensor => entries.ContainsKey(tensor.Key));
        if (hasHead)
        {
            expected.AddRange(head);
        }

        foreach (var (key, shape) in expected)
        {
            var entry = Require(file, entries, key);
            if (!entry.Shape.SequenceEqual(shape))
            {
                throw new DataFormatException(file, $"tensor {entry.Name}",
                    $"has shape {entry.ShapeText}, expected [{string.Join(", ", shape)}] for {architecture}");
            }
        }

        var known = expected.Select(tensor => tensor.Key).Append("lm_head.weight").ToHashSet(StringComparer.Ordinal);
        var extra = entries.Keys.Where(key => !known.Contains(key)).ToList();
        if (extra.Count > 0)
        {
            throw new DataFormatException(file, $"tensor {entries[extra[0]].Name}",
                $"is not part of an ESM-2 model with {architecture} ({extra.Count} unexpected tensor(s); a layer beyond the configured count, or another model?)");
        }

        if (entries.TryGetValue("lm_head.weight", out var tied) && !tied.Shape.SequenceEqual([EsmAlphabet.Size, architecture.EmbeddingDimension]))
        {
            throw new DataFormatException(file, $"tensor {tied.Name}", $"has shape {tied.ShapeText}, expected [33, {architecture.EmbeddingDimension}]");
        }

        return hasHead;
    }

    private static TensorEntry Require(string file, Dictionary<string, TensorEntry> entries, string key) =>
        entries.TryGetValue(key, out var entry)
            ? entry
            : throw new DataFormatException(file, $"tensor {key}", "is missing (Hugging Face name: " + HuggingFaceName(key) + ")");

    private static string HuggingFaceName(string canonical) => canonical switch
    {
        "embed_tokens.weight" => "esm.embeddings.word_embeddings.weight",
        _ when canonical.StartsWith("emb_layer_norm_after", StringComparison.Ordinal) => "esm.encoder." + canonical,
        _ when canonical.StartsWith("lm_head", StringComparison.Ordinal) => canonical,
        _ => EsmKeyMap.ToHuggingFace(canonical),
    };

    private static void CheckAgainstConfig(string source, EsmArchitecture configured, EsmArchitecture weights)
    {
        void Compare(string field, int expected, int actual)
        {
            if (expected != actual)
            {
                throw new DataFormatException(source, field, $"says {expected}, but the weights have {actual} ({weights})");
            }
        }

        Compare("layers", configured.LayerCount, weights.LayerCount);
        Compare("width", configured.EmbeddingDimension, weights.EmbeddingDimension);
        Compare("attention heads", configured.HeadCount, weights.HeadCount);
        Compare("FFN width", configured.FeedForwardDimension, weights.FeedForwardDimension);
    }

    private static (string Source, EsmArchitecture Architecture, string? Name)? FromHuggingFaceConfig(string path)
    {
        try
        {
            return ReadHuggingFaceConfig(path);
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException)
        {
            throw new DataFormatException(path, "JSON", "is not an object of config fields of the expected types: " + exception.Message, exception);
        }
    }

    private static (string Source, EsmArchitecture Architecture, string? Name)? ReadHuggingFaceConfig(string path)
    {
        using var document = ParseJson(path);
        var root = document.RootElement;
        int Int(string field) => root.TryGetProperty(field, out var value) && value.TryGetInt32(out var number)
            ? number
            : throw new DataFormatException(path, field, "is missing or not an integer");
        if (root.TryGetProperty("position_embedding_type", out var positions) && positions.GetString() != "rotary")
        {
            throw new DataFormatException(path, "position_embedding_type", $"is '{positions.GetString()}'; ESM-2 uses rotary positions (ESM-1b checkpoints are not supported)");
        }

        if (root.TryGetProperty("vocab_size", out var vocab) && vocab.GetInt32() != EsmAlphabet.Size)
        {
            throw new DataFormatException(path, "vocab_size", $"is {vocab.GetInt32()}, ESM-2 has {EsmAlphabet.Size} tokens");
        }

        var tokenDropout = !root.TryGetProperty("token_dropout", out var dropout) || dropout.GetBoolean();
        var name = root.TryGetProperty("_name_or_path", out var nameValue) ? nameValue.GetString() : null;
        var architecture = new EsmArchitecture(
            Int("num_hidden_layers"), Int("hidden_size"), Int("num_attention_heads"), Int("intermediate_size"), tokenDropout);
        return (path, architecture, string.IsNullOrEmpty(name) ? null : name);
    }

    private static JsonDocument ParseJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException exception)
        {
            throw new DataFormatException(path, "JSON", "is not valid JSON: " + exception.Message, exception);
        }
    }

    private static (string, EsmArchitecture, string?) FromFairEsmConfig(string path, IReadOnlyDictionary<object, object?> cfg)
    {
        var source = path + " cfg.model";
        int Int(string field) => cfg.TryGetValue(field, out var value) && value is long number
            ? (int)number
            : throw new DataFormatException(source, field, "is missing or not an integer");
        var tokenDropout = !cfg.TryGetValue("token_dropout", out var dropout) || dropout is not false;
        var architecture = new EsmArchitecture(
            Int("encoder_layers"), Int("encoder_embed_dim"), Int("encoder_attention_heads"),
            cfg.ContainsKey("encoder_ffn_embed_dim") ? Int("encoder_ffn_embed_dim") : 4 * Int("encoder_embed_dim"), tokenDropout);
        return (source, architecture, Path.GetFileNameWithoutExtension(path));
    }

    private string ComputeIdentity()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(Architecture.ToString()));
        foreach (var key in new[] { "embed_tokens.weight", "emb_layer_norm_after.weight", $"layers.{Architecture.LayerCount - 1}.fc2.weight" })
        {
            var (values, _) = ReadTensor(key);
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
