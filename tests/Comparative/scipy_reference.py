"""Independent reference for PllmML.Comparative, run by the tests with Debian's /usr/bin/python3 (numpy, scipy, anndata).

  scipy_reference.py de <integrated.h5ad> <label key> <species key> <min_pct> <logfc_threshold> <de.csv> <top.csv>
      Every type against the rest of its species, every gene: scipy.stats.mannwhitneyu(method="asymptotic",
      use_continuity=True, two-sided) on ln(1 + count / total * 1e4); Seurat's avg_log2FC (pseudocount 1) and
      pct.1/pct.2 -> de.csv (every 10th gene and every gene that passes the filters upwards). Conserved markers with Seurat's min.pct / logfc.threshold filters, minimump, same sign,
      up in every species, ranked by combined p (ties: larger smallest log2FC, then gene) -> top.csv (top 10 per type).
  scipy_reference.py metaneighbor <integrated.h5ad> <label key> <species key> <genes: variable|all> <version: network|lowmem> <out.csv>
      A numpy port of MetaNeighbor's variableGenes (get_variable_genes per species, kept when variable in every
      species) and MetaNeighborUS (MetaNeighborUSDefault: Spearman network ranked as a whole; or MetaNeighborUSLowMem),
      node-degree normalised, symmetric output -> the species-pair block as CSV (rows first species).
  scipy_reference.py kernels <out.json>
      Normal tails, Mann-Whitney on tied samples, Benjamini-Hochberg (R's p.adjust definition) and
      combine_pvalues on fixed inputs.
"""
import json
import sys

import numpy as np
from scipy import sparse, stats


def normalise(x):
    # Seurat's LogNormalize order of operations, log1p(count / total * 1e4): cells whose counts are proportional tie exactly.
    x = sparse.csr_matrix(x, dtype=np.float64)
    totals = np.asarray(x.sum(axis=1)).ravel()
    x.data = np.log1p(x.data / np.repeat(totals, np.diff(x.indptr)) * 1e4)
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


def variable_genes(x):
    # MetaNeighbor get_variable_genes: deciles of the median (R type 5 = numpy "hazen"), top quartile of variance
    # (R type 7 = numpy "linear") per bin, the last bin dropped.
    median = np.median(x, axis=0)
    variance = x.var(axis=0, ddof=1)
    bins = np.unique(np.quantile(median, np.linspace(0, 1, 11), method="hazen"))
    chosen = []
    for i in range(len(bins) - 1):
        member = median <= bins[0] if i == 0 else (median <= bins[i]) & (median > bins[i - 1])
        v = variance[member]
        q = np.quantile(v, 0.75, method="linear")
        chosen.extend(np.flatnonzero(member)[v > q])
    return set(chosen)


def auroc_matrix(votes, groups, dataset_of_group):
    n_groups = len(dataset_of_group)
    result = np.full((n_groups, n_groups), np.nan)
    for d in set(dataset_of_group):
        cells = np.flatnonzero(np.array([dataset_of_group[g] == d for g in groups]))
        ranks = np.apply_along_axis(stats.rankdata, 0, np.abs(votes[cells]))
        for i in [g for g in range(n_groups) if dataset_of_group[g] == d]:
            pos = groups[cells] == i
            npos, nneg = pos.sum(), (~pos).sum()
            result[i] = (ranks[pos].sum(axis=0) / npos - (npos + 1) / 2) / nneg
    return result


def metaneighbor(h5ad, label_key, species_key, genes_choice, version, out_csv):
    import anndata
    adata = anndata.read_h5ad(h5ad)
    labels = adata.obs[label_key].astype(str).to_numpy()
    species = adata.obs[species_key].astype(str).to_numpy()
    species_list = list(dict.fromkeys(species))
    x = normalise(adata.X)
    if genes_choice == "variable":
        genes = sorted(set.intersection(*[variable_genes(x[species == sp]) for sp in species_list]))
    else:
        genes = list(np.flatnonzero((x > 0).any(axis=0)))
    keys = [f"{sp}|{t}" for sp, t in zip(species, labels)]
    group_names = [f"{sp}|{t}" for sp in species_list for t in sorted(set(labels[species == sp]))]
    groups = np.array([group_names.index(k) for k in keys])
    dataset_of_group = [species_list.index(g.split("|")[0]) for g in group_names]
    ranked = np.apply_along_axis(stats.rankdata, 1, x[:, genes])
    ranked -= ranked.mean(axis=1, keepdims=True)
    ranked /= np.sqrt((ranked ** 2).sum(axis=1, keepdims=True))
    labels_matrix = np.eye(len(group_names))[groups]
    if version == "network":
        network = ranked @ ranked.T
        rank = stats.rankdata(network.ravel()).reshape(network.shape)
        rank /= rank.max()
        votes = (rank @ labels_matrix) / rank.sum(axis=0)[:, None]
    else:
        centroids = ranked.T @ labels_matrix
        sizes = labels_matrix.sum(axis=0)
        votes = ranked @ centroids + sizes
        for d in range(len(species_list)):
            in_d = np.array([dataset_of_group[g] == d for g in range(len(group_names))])
            degree = ranked @ centroids[:, in_d].sum(axis=1) + sizes[in_d].sum()
            votes[:, in_d] /= degree[:, None]
    aurocs = auroc_matrix(votes, groups, dataset_of_group)
    symmetric = (aurocs + aurocs.T) / 2
    a = [i for i, g in enumerate(group_names) if dataset_of_group[i] == 0]
    b = [i for i, g in enumerate(group_names) if dataset_of_group[i] == 1]
    with open(out_csv, "w") as f:
        f.write("cell_type," + ",".join(group_names[j].replace("|", ":") for j in b) + "\n")
        for i in a:
            f.write(group_names[i].replace("|", ":") + "," + ",".join(repr(float(symmetric[i, j])) for j in b) + "\n")
    print(f"{len(genes)} genes")


if __name__ == "__main__":
    if sys.argv[1] == "metaneighbor":
        metaneighbor(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7])
    elif sys.argv[1] == "de":
        de(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]), float(sys.argv[6]), sys.argv[7], sys.argv[8])
    else:
        kernels(sys.argv[2])
