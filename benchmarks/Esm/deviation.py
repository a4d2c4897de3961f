"""Deviation of one embedding TSV (`pllm embed --level protein`) from another of the same proteins, e.g. bf16 vs fp32.

Usage: /usr/bin/python3 deviation.py <reference.tsv> <other.tsv>
Prints: proteins, max abs diff, lowest and mean cosine of the embeddings, and how many pairs of a greedy map change
(each protein of the first half of the file to its most cosine-similar protein of the second half, as the pipeline's
gene map consumes the embeddings).
"""
import sys
import numpy as np


def read(path):
    rows = {}
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) > 1:
                rows[parts[0]] = np.array([float(v) for v in parts[1:]], dtype=np.float64)
    return rows


def main():
    a, b = read(sys.argv[1]), read(sys.argv[2])
    keys = [k for k in a if k in b]
    if len(keys) != len(a) or len(keys) != len(b):
        sys.exit(f"the files hold different proteins: {len(a)} vs {len(b)}, {len(keys)} in common")
    A = np.stack([a[k] for k in keys])
    B = np.stack([b[k] for k in keys])
    unit = lambda m: m / np.linalg.norm(m, axis=1, keepdims=True)
    cos = np.sum(unit(A) * unit(B), axis=1)
    half = len(keys) // 2
    best = lambda m: np.argmax(unit(m[:half]) @ unit(m[half:]).T, axis=1)
    changed = int(np.sum(best(A) != best(B)))
    print(f"{len(keys)} proteins: max abs diff {np.max(np.abs(A - B)):.4g}, cosine lowest {cos.min():.6f} mean {cos.mean():.6f}, "
          f"greedy pairs changed {changed} of {half}")


main()
