"""Writes a random-weight ESM-2 checkpoint in the fair-esm hub .pt layout ({"model": state dict, "cfg": {"model":
Namespace(...)}}), for memory and speed benchmarks at the real sizes. Weights: N(0, 0.02) matrices, unit LayerNorms,
zero biases, rotary inv_freq float16-rounded as real checkpoints store it. NOT trained: the outputs carry no biology.

Usage: /usr/bin/python3 make_random_checkpoint.py <t6|t12|t30|t33|t36> <out.pt> [seed=1]
"""
import argparse, sys
import torch

SHAPES = {"t6": (6, 320, 20), "t12": (12, 480, 20), "t30": (30, 640, 20), "t33": (33, 1280, 20), "t36": (36, 2560, 40), "t48": (48, 5120, 40)}


def main():
    name, out = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    layers, d, heads = SHAPES[name]
    g = torch.Generator().manual_seed(seed)
    hd = d // heads
    inv_freq = (1.0 / (10000 ** (torch.arange(0, hd, 2).float() / hd))).half().float()
    sd = {}

    def mat(*shape):
        return torch.randn(*shape, generator=g) * 0.02

    sd["embed_tokens.weight"] = mat(33, d)
    for i in range(layers):
        p = f"layers.{i}."
        for proj in ("k_proj", "v_proj", "q_proj", "out_proj"):
            sd[p + f"self_attn.{proj}.weight"] = mat(d, d)
            sd[p + f"self_attn.{proj}.bias"] = torch.zeros(d)
        sd[p + "self_attn.rot_emb.inv_freq"] = inv_freq.clone()
        sd[p + "self_attn_layer_norm.weight"] = torch.ones(d)
        sd[p + "self_attn_layer_norm.bias"] = torch.zeros(d)
        sd[p + "fc1.weight"] = mat(4 * d, d)
        sd[p + "fc1.bias"] = torch.zeros(4 * d)
        sd[p + "fc2.weight"] = mat(d, 4 * d)
        sd[p + "fc2.bias"] = torch.zeros(d)
        sd[p + "final_layer_norm.weight"] = torch.ones(d)
        sd[p + "final_layer_norm.bias"] = torch.zeros(d)
    sd["emb_layer_norm_after.weight"] = torch.ones(d)
    sd["emb_layer_norm_after.bias"] = torch.zeros(d)
    sd["lm_head.dense.weight"] = mat(d, d)
    sd["lm_head.dense.bias"] = torch.zeros(d)
    sd["lm_head.layer_norm.weight"] = torch.ones(d)
    sd["lm_head.layer_norm.bias"] = torch.zeros(d)
    sd["lm_head.weight"] = sd["embed_tokens.weight"]
    sd["lm_head.bias"] = torch.zeros(33)
    state = {("encoder." if k.startswith("lm_head") else "encoder.sentence_encoder.") + k: v for k, v in sd.items()}
    cfg = argparse.Namespace(encoder_layers=layers, encoder_embed_dim=d, encoder_attention_heads=heads,
                             encoder_ffn_embed_dim=4 * d, token_dropout=True, arch="ESM-2")
    torch.save({"model": state, "cfg": {"model": cfg}}, out)


if __name__ == "__main__":
    main()
