"""Writes gene_embeddings.pt: the layout of the original project's gene embedding files ({gene_symbol: tensor}).

The vectors are rows of one stacked tensor (views with storage offsets, as `{g: emb[i] for i, g in ...}` makes
them), so a reader must honour the offset. Expected values are in gene_embeddings.tsv. Run with Debian's
python3-torch: /usr/bin/python3 make_gene_embeddings_pt.py
"""
import torch

genes = ["TP53", "INS", "GCG", "Sst"]
stacked = torch.arange(len(genes) * 6, dtype=torch.float32).reshape(len(genes), 6) / 8 - 1
torch.save({g: stacked[i] for i, g in enumerate(genes)}, "gene_embeddings.pt")
with open("gene_embeddings.tsv", "w") as out:
    for i, g in enumerate(genes):
        out.write(g + "\t" + "\t".join(repr(float(v)) for v in stacked[i]) + "\n")
