"""Same-machine, same-moment peer for the ESM-2 benchmark: the official fair-esm forward pass and extract.py loop,
re-typed module for module from facebookresearch/esm (esm/model/esm2.py, esm/modules.py TransformerLayer and
RobertaLMHead, esm/multihead_attention.py self-attention path, esm/rotary_embedding.py, scripts/extract.py batching
and mean pooling), because fair-esm itself is not installable here. Random weights, float32, torch.no_grad(), eval.

Usage: /usr/bin/python3 fair_esm_peer.py <t6_8M|t33_650M> <fasta> <n_proteins> [threads=2]
Prints: proteins, residues (after truncation), seconds, residues/s.
"""
import math, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

TOKS = "LAGVSERTIDPKQNFYMHWCXBUZO.-"
CLS, PAD, EOS, MASK = 0, 1, 2, 32


def gelu(x):
    return x * 0.5 * (1.0 + torch.erf(x / math.sqrt(2.0)))


def rotate_half(x):
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


class Rotary(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.register_buffer("inv_freq", 1.0 / (10000 ** (torch.arange(0, dim, 2).float() / dim)))
        self._len, self._cos, self._sin = None, None, None

    def forward(self, q, k):
        n = k.shape[-2]
        if n != self._len:
            self._len = n
            t = torch.arange(n).type_as(self.inv_freq)
            freqs = torch.einsum("i,j->ij", t, self.inv_freq)
            emb = torch.cat((freqs, freqs), dim=-1)
            self._cos, self._sin = emb.cos()[None, :, :], emb.sin()[None, :, :]
        return q * self._cos + rotate_half(q) * self._sin, k * self._cos + rotate_half(k) * self._sin


class SelfAttention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.h, self.hd = heads, d // heads
        self.scaling = self.hd ** -0.5
        self.k_proj, self.v_proj, self.q_proj, self.out_proj = (nn.Linear(d, d) for _ in range(4))
        self.rot_emb = Rotary(self.hd)

    def forward(self, x, key_padding_mask):  # x: T x B x d, as fair-esm
        T, B, d = x.shape
        q = self.q_proj(x) * self.scaling
        k, v = self.k_proj(x), self.v_proj(x)
        q = q.contiguous().view(T, B * self.h, self.hd).transpose(0, 1)
        k = k.contiguous().view(-1, B * self.h, self.hd).transpose(0, 1)
        v = v.contiguous().view(-1, B * self.h, self.hd).transpose(0, 1)
        q, k = self.rot_emb(q, k)
        w = torch.bmm(q, k.transpose(1, 2))
        if key_padding_mask is not None:
            w = w.view(B, self.h, T, T).masked_fill(key_padding_mask.unsqueeze(1).unsqueeze(2), float("-inf")).view(B * self.h, T, T)
        w = F.softmax(w.float(), dim=-1).type_as(w)
        a = torch.bmm(w, v).transpose(0, 1).contiguous().view(T, B, d)
        return self.out_proj(a)


class Layer(nn.Module):
    def __init__(self, d, ffn, heads):
        super().__init__()
        self.self_attn = SelfAttention(d, heads)
        self.self_attn_layer_norm = nn.LayerNorm(d)
        self.fc1, self.fc2 = nn.Linear(d, ffn), nn.Linear(ffn, d)
        self.final_layer_norm = nn.LayerNorm(d)

    def forward(self, x, pad):
        x = x + self.self_attn(self.self_attn_layer_norm(x), pad)
        return x + self.fc2(gelu(self.fc1(self.final_layer_norm(x))))


class ESM2(nn.Module):
    def __init__(self, layers, d, heads):
        super().__init__()
        self.embed_tokens = nn.Embedding(33, d, padding_idx=PAD)
        self.layers = nn.ModuleList(Layer(d, 4 * d, heads) for _ in range(layers))
        self.emb_layer_norm_after = nn.LayerNorm(d)
        self.lm_dense, self.lm_norm = nn.Linear(d, d), nn.LayerNorm(d)
        self.lm_bias = nn.Parameter(torch.zeros(33))

    def forward(self, tokens):
        pad = tokens.eq(PAD)
        x = self.embed_tokens(tokens)
        x = x.masked_fill((tokens == MASK).unsqueeze(-1), 0.0)
        ratio = (tokens == MASK).sum(-1).to(x.dtype) / (~pad).sum(-1)
        x = x * (1 - 0.15 * 0.8) / (1 - ratio)[:, None, None]
        x = x * (1 - pad.unsqueeze(-1).type_as(x))
        x = x.transpose(0, 1)
        if not pad.any():
            pad = None
        for layer in self.layers:
            x = layer(x, pad)
        x = self.emb_layer_norm_after(x).transpose(0, 1)
        rep = x
        logits = F.linear(self.lm_norm(gelu(self.lm_dense(x))), self.embed_tokens.weight) + self.lm_bias
        return rep, logits


def read_fasta(path, n):
    records, seq = [], None
    for line in open(path):
        line = line.strip()
        if line.startswith(">"):
            if seq is not None:
                records.append(seq)
            seq = ""
        elif seq is not None:
            seq += line
    records.append(seq)
    return [r for r in records if r and all(c in TOKS for c in r)][:n]


def batches(lengths, toks_per_batch=4096, extra=1):  # extract.py get_batch_indices
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    out, buf, max_len = [], [], 0
    for i in order:
        sz = lengths[i] + extra
        if max(sz, max_len) * (len(buf) + 1) > toks_per_batch and buf:
            out.append(buf)
            buf, max_len = [], 0
        max_len = max(max_len, sz)
        buf.append(i)
    if buf:
        out.append(buf)
    return out


def main():
    shape, fasta, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 2)
    layers, d, heads = {"t6_8M": (6, 320, 20), "t33_650M": (33, 1280, 20)}[shape]
    torch.manual_seed(0)
    model = ESM2(layers, d, heads).eval()
    seqs = read_fasta(fasta, n)
    residues = sum(min(len(s), 1022) for s in seqs)
    start = time.perf_counter()
    with torch.no_grad():
        for batch in batches([len(s) for s in seqs]):
            trunc = [seqs[i][:1022] for i in batch]
            width = max(len(s) for s in trunc) + 2
            toks = torch.full((len(batch), width), PAD, dtype=torch.int64)
            for row, s in enumerate(trunc):
                toks[row, : len(s) + 2] = torch.tensor([CLS] + [4 + TOKS.index(c) for c in s] + [EOS])
            rep, _ = model(toks)
            means = [rep[row, 1 : len(s) + 1].mean(0).clone() for row, s in enumerate(trunc)]
    seconds = time.perf_counter() - start
    print(f"{shape} fair-esm-like: {len(seqs)} proteins, {residues} residues, {seconds:.1f} s, {residues / seconds:.0f} residues/s")


main()
