using System.Text.RegularExpressions;
using PllmML.Data.Proteins;

namespace PllmML.Esm.Checkpoints;

/// <summary>
/// Maps the tensor names of every checkpoint layout onto fair-esm's module keys (<c>layers.3.self_attn.q_proj.weight</c>,
/// <c>embed_tokens.weight</c>, …), the names used everywhere inside PllmML. Hugging Face names follow transformers'
/// <c>convert_esm.py</c>; fair-esm hub files carry an <c>encoder.sentence_encoder.</c> / <c>encoder.</c> prefix.
/// </summary>
internal static partial class EsmKeyMap
{
    private static readonly (string From, string To)[] LayerParts =
    [
        ("attention.self.query.", "self_attn.q_proj."),
        ("attention.self.key.", "self_attn.k_proj."),
        ("attention.self.value.", "self_attn.v_proj."),
        ("attention.self.rotary_embeddings.inv_freq", "self_attn.rot_emb.inv_freq"),
        ("attention.output.dense.", "self_attn.out_proj."),
        ("attention.LayerNorm.", "self_attn_layer_norm."),
        ("intermediate.dense.", "fc1."),
        ("output.dense.", "fc2."),
        ("LayerNorm.", "final_layer_norm."),
    ];

    /// <summary>Keys a reader ignores: legacy absolute positions, the unused tanh pooler, the contact head.</summary>
    public static bool IsIgnored(string canonical) =>
        canonical is "embeddings.position_ids" or "embeddings.position_embeddings.weight"
        || canonical.StartsWith("pooler.", StringComparison.Ordinal)
        || canonical.StartsWith("contact_head.", StringComparison.Ordinal);

    /// <summary>The canonical key for a file's key, or the key unchanged (and then reported as unexpected).</summary>
    public static string ToCanonical(string key)
    {
        if (key.StartsWith("encoder.sentence_encoder.", StringComparison.Ordinal))
        {
            return key["encoder.sentence_encoder.".Length..];
        }

        if (key.StartsWith("encoder.lm_head.", StringComparison.Ordinal))
        {
            return key["encoder.".Length..];
        }

        var name = key.StartsWith("esm.", StringComparison.Ordinal) ? key["esm.".Length..] : key;
        if (name == "embeddings.word_embeddings.weight")
        {
            return "embed_tokens.weight";
        }

        if (name.StartsWith("encoder.emb_layer_norm_after.", StringComparison.Ordinal))
        {
            return name["encoder.".Length..];
        }

        if (name == "lm_head.decoder.weight")
        {
            return "lm_head.weight";
        }

        var layer = HfLayer().Match(name);
        if (layer.Success)
        {
            var rest = layer.Groups[2].Value;
            foreach (var (from, to) in LayerParts)
            {
                if (rest.StartsWith(from, StringComparison.Ordinal))
                {
                    return $"layers.{layer.Groups[1].Value}.{to}{rest[from.Length..]}";
                }
            }
        }

        return name;
    }

    /// <summary>The Hugging Face name of a canonical per-layer key (for messages).</summary>
    public static string ToHuggingFace(string canonical)
    {
        var layer = CanonicalLayer().Match(canonical);
        if (!layer.Success)
        {
            return canonical;
        }

        var rest = canonical[layer.Length..];
        foreach (var (from, to) in LayerParts)
        {
            if (rest.StartsWith(to, StringComparison.Ordinal))
            {
                return $"esm.encoder.layer.{layer.Groups[1].Value}.{from}{rest[to.Length..]}".Replace("inv_freq.", "inv_freq", StringComparison.Ordinal);
            }
        }

        return canonical;
    }

    /// <summary>Every tensor the trunk needs, with its shape.</summary>
    public static IEnumerable<(string Key, long[] Shape)> TrunkTensors(EsmArchitecture architecture)
    {
        long d = architecture.EmbeddingDimension;
        long f = architecture.FeedForwardDimension;
        yield return ("embed_tokens.weight", [EsmAlphabet.Size, d]);
        for (var layer = 0; layer < architecture.LayerCount; layer++)
        {
            var prefix = $"layers.{layer}.";
            foreach (var projection in new[] { "q_proj", "k_proj", "v_proj", "out_proj" })
            {
                yield return ($"{prefix}self_attn.{projection}.weight", [d, d]);
                yield return ($"{prefix}self_attn.{projection}.bias", [d]);
            }

            yield return ($"{prefix}self_attn.rot_emb.inv_freq", [architecture.HeadDimension / 2]);
            yield return ($"{prefix}self_attn_layer_norm.weight", [d]);
            yield return ($"{prefix}self_attn_layer_norm.bias", [d]);
            yield return ($"{prefix}fc1.weight", [f, d]);
            yield return ($"{prefix}fc1.bias", [f]);
            yield return ($"{prefix}fc2.weight", [d, f]);
            yield return ($"{prefix}fc2.bias", [d]);
            yield return ($"{prefix}final_layer_norm.weight", [d]);
            yield return ($"{prefix}final_layer_norm.bias", [d]);
        }

        yield return ("emb_layer_norm_after.weight", [d]);
        yield return ("emb_layer_norm_after.bias", [d]);
    }

    /// <summary>The masked-LM head's tensors (all present or all absent; <c>lm_head.weight</c> may be absent, as it
    /// is tied to the embeddings).</summary>
    public static IEnumerable<(string Key, long[] Shape)> HeadTensors(EsmArchitecture architecture)
    {
        long d = architecture.EmbeddingDimension;
        yield return ("lm_head.dense.weight", [d, d]);
        yield return ("lm_head.dense.bias", [d]);
        yield return ("lm_head.layer_norm.weight", [d]);
        yield return ("lm_head.layer_norm.bias", [d]);
        yield return ("lm_head.bias", [EsmAlphabet.Size]);
    }

    [GeneratedRegex(@"^encoder\.layer\.([0-9]+)\.(.+)$")]
    private static partial Regex HfLayer();

    [GeneratedRegex(@"^layers\.([0-9]+)\.")]
    public static partial Regex CanonicalLayer();
}
