"""Reference top-k for the similarity kernels, computed with numpy (float64), as the original LM_O2O does it:
Pearson = centre each gene vector on its own mean over dimensions, then cosine. Writes a.tsv, b.tsv and
expected_<metric>_k3.tsv (query side, query row, rank, target row, score). Run: python3 make_similarity_fixture.py"""
import numpy as np

rng = np.random.default_rng(20261130)
a = rng.standard_normal((37, 300)).astype(np.float32) + 0.3
b = rng.standard_normal((53, 300)).astype(np.float32) - 0.2
b[5] = a[3] * 2 + 1  # Pearson 1 with A3 (cosine < 1)
b[6] = b[5]          # exact tie: B5 and B6 identical


def write(path, m):
    with open(path, "w") as f:
        for i, row in enumerate(m):
            f.write(f"g{i}\t" + "\t".join(repr(float(v)) for v in row) + "\n")


def unit(m, centre):
    m = m.astype(np.float64)
    if centre:
        m = m - m.mean(axis=1, keepdims=True)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


write("a.tsv", a)
write("b.tsv", b)
for metric, centre in (("pearson", True), ("cosine", False)):
    s = unit(a, centre) @ unit(b, centre).T
    with open(f"expected_{metric}_k3.tsv", "w") as f:
        for side, m in (("A", s), ("B", s.T)):
            for q in range(m.shape[0]):
                order = np.lexsort((np.arange(m.shape[1]), -np.round(m[q], 12)))[:3]
                for rank, t in enumerate(order):
                    f.write(f"{side}\t{q}\t{rank}\t{t}\t{m[q, t]!r}\n")
