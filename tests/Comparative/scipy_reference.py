"""Independent reference for PllmML.Comparative, run by the tests with Debian's /usr/bin/python3 (numpy, scipy, anndata).

  scipy_reference.py de <integrated.h5ad> <label key> <species key> <min_pct> <logfc_threshold> <de.csv> <top.csv>
      Every type against the rest of its species, every gene: scipy.stats.mannwhitneyu(method="asymptotic",
      use_continuity=True, two-sided) on ln(1 + count / total * 1e4); Seurat's avg_log2FC (pseudocount 1) and
      pct.1/pct.2 -> de.csv (every 10th gene and every gene that passes the filters upwards). Conserved markers with Seurat's min.pct / logfc.threshold filters, minimump, same sign,
      up in every species, ranked by combined p (ties: larger smallest log2FC, then gene) -> top.csv (top 10 per type).
  scipy_reference.py kernels <out.json>
      Normal tails, Mann-Whitney on tied samples, Benjamini-Hochberg (R's p.adjust definition) and
      combine_pvalues on fixed inputs.
"""
import json
import sys

import numpy as np
from scipy import sparse, stats


def normalise(x):
    x = sparse.csr_matrix(x, dtype=np.float64)
    totals = np.asarray(x.sum(axis=1)).ravel()
    scale = np.divide(1e4, totals, out=np.zeros_like(totals), where=totals > 0)
    x = sparse.diags(scale) @ x
    x.data = np.log1p(x.data)
    return x.toarray()


def de(h5ad, label_key, species_key, min_pct, logfc_threshold, de_csv, top_csv):
    import anndata
    adata = anndata.read_h5ad(h5ad)
    labels = adata.obs[label_key].astype(str).to_numpy()
    species = adata.obs[species_key].astype(str).to_numpy()
    genes = np.asarray(adata.var_names)
    rows = []
    tables = {}
    for sp in dict.fromkeys(species):
        keep = (species == sp) & (labels != "nan") & (labels != "")
        x = normalise(adata.X[keep])
        lab = labels[keep]
        linear = np.expm1(x)
        detected = x > 0
        for t in sorted(set(lab)):
            inside = lab == t
            if inside.sum() < 3 or (~inside).sum() < 3:
                continue
            logfc = np.log2(linear[inside].mean(axis=0) + 1) - np.log2(linear[~inside].mean(axis=0) + 1)
            pct_in = detected[inside].mean(axis=0)
            pct_out = detected[~inside].mean(axis=0)
            # scipy ranks gene by gene (slow): test every 10th gene, and every gene that can rank as an up marker.
            tested = (np.arange(len(genes)) % 10 == 0) | ((np.maximum(pct_in, pct_out) >= min_pct) & (logfc >= max(logfc_threshold, 1e-300)))
            p = np.full(len(genes), np.nan)
            _, p[tested] = stats.mannwhitneyu(x[inside][:, tested], x[~inside][:, tested], alternative="two-sided", method="asymptotic", use_continuity=True, axis=0)
            tables[(sp, t)] = (p, logfc, pct_in, pct_out)
            for g in np.flatnonzero(tested):
                rows.append(f"{sp},{t},{genes[g]},{p[g]!r},{logfc[g]!r},{pct_in[g]!r},{pct_out[g]!r}")
    with open(de_csv, "w") as f:
        f.write("species,cell_type,gene,p,logfc,pct_in,pct_out\n" + "\n".join(rows) + "\n")
    species_list = list(dict.fromkeys(species))
    top = []
    for t in sorted({t for (_, t) in tables}):
        if not all((sp, t) in tables for sp in species_list):
            continue
        keep = np.ones(len(genes), bool)
        for sp in species_list:
            p, logfc, pct_in, pct_out = tables[(sp, t)]
            keep &= ~np.isnan(p) & (np.maximum(pct_in, pct_out) >= min_pct) & (np.abs(logfc) >= logfc_threshold) & (logfc > 0)
        ps = np.vstack([tables[(sp, t)][0] for sp in species_list])
        lfc = np.vstack([tables[(sp, t)][1] for sp in species_list])
        k = len(species_list)
        pmin = ps.min(axis=0)
        with np.errstate(divide="ignore"):
            pcomb = -np.expm1(k * np.log1p(-pmin))  # minimump (Tippett)
        order = sorted(np.flatnonzero(keep), key=lambda g: (pcomb[g], -lfc[:, g].min(), genes[g]))
        for r, g in enumerate(order[:10]):
            top.append(f"{t},{r + 1},{genes[g]},{pcomb[g]!r}")
    with open(top_csv, "w") as f:
        f.write("cell_type,rank,gene,p_combined\n" + "\n".join(top) + "\n")


def bh(p):
    # R's p.adjust(method = "BH"): cummin over decreasing ranks of p * m / rank.
    p = np.asarray(p, float)
    m = len(p)
    order = np.argsort(-p, kind="stable")
    ranks = m - np.arange(m)
    q = np.minimum.accumulate(p[order] * m / ranks)
    out = np.empty(m)
    out[order] = np.minimum(q, 1)
    return out


def kernels(out_json):
    rng = np.random.default_rng(7)
    z = [0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 10.0, 15.0, 20.0, 30.0, 37.0, -4.0]
    samples = []
    for n1, n2, levels in [(5, 7, 3), (20, 30, 4), (50, 80, 10), (3, 200, 2), (100, 100, 1000)]:
        a = rng.integers(0, levels, n1).astype(float) / 2
        b = rng.integers(0, levels, n2).astype(float) / 2 + 0.25 * (levels > 3)
        a[: n1 // 3] = 0
        u, p = stats.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic", use_continuity=True)
        samples.append({"a": a.tolist(), "b": b.tolist(), "u": float(u), "p": float(p)})
    pvals = rng.uniform(0, 0.2, 40) ** 3
    pvals[5] = pvals[6]
    groups = [[1e-10, 0.3], [0.04, 0.2, 0.7], [1e-200, 1e-3], [0.5, 0.5]]
    combined = [{"p": g,
                 "fisher": float(stats.combine_pvalues(g, method="fisher")[1]),
                 "minimump": float(stats.combine_pvalues(g, method="tippett")[1]),
                 "maxp": float(max(g) ** len(g))} for g in groups]
    json.dump({"z": z, "sf": [float(stats.norm.sf(v)) for v in z], "ranksum": samples,
               "bh_p": pvals.tolist(), "bh_q": bh(pvals).tolist(), "combined": combined}, open(out_json, "w"))


if __name__ == "__main__":
    if sys.argv[1] == "de":
        de(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]), float(sys.argv[6]), sys.argv[7], sys.argv[8])
    else:
        kernels(sys.argv[2])
