#!/usr/bin/python3
"""Reference values for the PllmML.Evaluation tests, computed independently with numpy, scipy and scikit-learn.

Run with Debian's Python:  /usr/bin/python3 tests/Evaluation/Fixtures/generate_fixtures.py
It rewrites the *.json files next to this script; they are committed so the C# tests run without Python.

What is independent here: silhouette, NMI, ARI, F1, balanced accuracy, recall, confusion matrix, the kNN classifier,
k-means (Lloyd from given centres), PCA and linear regression come from scikit-learn; connected components and the
chi-squared tail from scipy. LISI, kBET, scib's batch ASW, isolated labels, graph connectivity, PCR and UMAP's fuzzy
simplicial set are written below from their published definitions (scib / scib-metrics / umap-learn source), in
plain numpy, independently of the C# code.
"""
import json
import os

import numpy as np
from scipy.optimize import curve_fit
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from scipy.stats import chi2
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.linear_model import LinearRegression
from sklearn.metrics import (accuracy_score, adjusted_rand_score, balanced_accuracy_score, confusion_matrix, f1_score,
                             normalized_mutual_info_score, recall_score, silhouette_samples)
from sklearn.neighbors import KNeighborsClassifier

HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------- data
def make_data(seed, n_per, labels, batches, dims, batch_shift, missing=()):
    """Gaussian blobs per cell type, shifted per batch; (label, batch) pairs in `missing` get no cells."""
    rng = np.random.default_rng(seed)
    centres = {l: rng.normal(0, 3, dims) for l in labels}
    shifts = {b: rng.normal(0, batch_shift, dims) for b in batches}
    rows, lab, bat = [], [], []
    for l in labels:
        for b in batches:
            if (l, b) in missing:
                continue
            n = n_per[(l, b)] if isinstance(n_per, dict) else n_per
            rows.append(centres[l] + shifts[b] + rng.normal(0, 1, (n, dims)))
            lab += [l] * n
            bat += [b] * n
    x = np.vstack(rows).astype(np.float32).astype(np.float64)  # values exactly representable in float32
    order = rng.permutation(len(lab))
    return x[order], np.array(lab)[order], np.array(bat)[order]


def codes(values):
    names = sorted(set(values))
    return np.array([names.index(v) for v in values]), names


# ---------------------------------------------------------------- references
def knn(x, k):
    d = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(d, np.inf)
    idx = np.argsort(d, axis=1, kind="stable")[:, :k]
    return idx, np.take_along_axis(d, idx, 1)


def lisi(idx, dist, cats, perplexity=30.0, tol=1e-5):
    """scib-metrics _lisi.py: Gaussian weights on squared distances, beta binary search from 1, 50 steps."""
    n_cat = cats.max() + 1
    out = np.empty(len(idx))
    target = np.log(perplexity)
    for i in range(len(idx)):
        d2 = dist[i] ** 2

        def hbeta(beta):
            p = np.exp(-d2 * beta)
            s = p.sum()
            if s == 0:
                return 0.0, np.zeros_like(p)
            return np.log(s) + beta * (d2 * p).sum() / s, p / s

        beta, bmin, bmax = 1.0, -np.inf, np.inf
        h, p = hbeta(beta)
        diff = h - target
        for _ in range(50):
            if abs(diff) < tol:
                break
            if diff > 0:
                bmin = beta
                beta = beta * 2 if bmax == np.inf else (beta + bmax) / 2
            else:
                bmax = beta
                beta = beta / 2 if bmin == -np.inf else (beta + bmin) / 2
            h, p = hbeta(beta)
            diff = h - target
        if h == 0:
            out[i] = 1.0
            continue
        sums = np.bincount(cats[idx[i]], weights=p, minlength=n_cat)
        out[i] = 1.0 / np.dot(sums, sums)
    return out


def batch_asw(x, lab, bat):
    """scib silhouette_batch: per label with >1 batch and not one cell per batch, mean of 1-|s|; mean over labels."""
    means = []
    for l in np.unique(lab):
        m = lab == l
        nb = len(np.unique(bat[m]))
        if nb == 1 or nb == m.sum():
            means.append(np.nan)
            continue
        s = silhouette_samples(x[m], bat[m])
        means.append(np.mean(1 - np.abs(s)))
    return means


def isolated_labels(x, lab, bat):
    """scib-metrics isolated_labels (ASW version): labels in the fewest batches, mean scaled silhouette each."""
    per = {l: len(np.unique(bat[lab == l])) for l in np.unique(lab)}
    threshold = min(per.values())
    iso = [l for l in per if per[l] <= threshold]
    s = (silhouette_samples(x, lab) + 1) / 2
    return float(np.mean([s[lab == l].mean() for l in iso])), sorted(iso)


def isolated_f1(lab, bat, clusterings):
    """scib isolated_labels(cluster=True): per isolated label, best sklearn F1 of any cluster over the clusterings."""
    _, iso = isolated_labels_names(lab, bat)
    scores = []
    for l in iso:
        y_true = lab == l
        scores.append(max(f1_score(y_true, c == k) for c in clusterings for k in np.unique(c)))
    return float(np.mean(scores))


def isolated_labels_names(lab, bat):
    per = {l: len(np.unique(bat[lab == l])) for l in np.unique(lab)}
    threshold = min(per.values())
    return threshold, sorted(l for l in per if per[l] <= threshold)


def kbet(x, lab, bat, alpha=0.05):
    """kBET per label in the embedding (PllmML's documented variant of scib's kbet_per_label)."""
    scores = []
    for l in np.unique(lab):
        m = np.flatnonzero(lab == l)
        b = bat[m]
        names, counts = np.unique(b, return_counts=True)
        if len(m) < 10 or len(names) < 2:
            scores.append(np.nan)
            continue
        k0 = int(min(70, max(10, np.floor(np.mean(counts) / 4))))
        k0 = min(k0, len(m) - 1)
        idx, _ = knn(x[m], k0)
        freq = counts / len(m)
        accepted = 0
        for i in range(len(m)):
            obs = np.array([(b[idx[i]] == nm).sum() for nm in names])
            exp = freq * k0
            stat = ((obs - exp) ** 2 / exp).sum()
            accepted += chi2.sf(stat, len(names) - 1) >= alpha
        scores.append(accepted / len(m))
    return scores


def graph_connectivity(idx, lab):
    n = len(lab)
    rows = np.repeat(np.arange(n), idx.shape[1])
    a = csr_matrix((np.ones(rows.size), (rows, idx.ravel())), shape=(n, n))
    a = a + a.T
    res = []
    for l in np.unique(lab):
        m = np.flatnonzero(lab == l)
        _, comp = connected_components(a[m][:, m], connection="strong")
        res.append(np.bincount(comp).max() / len(m))
    return res


def pcr(x, bat, n_comps=50):
    """scib pc_regression: PCA (all components up to 50), R^2 of each PC on one-hot batch, variance weighted."""
    n = min(n_comps, *x.shape)
    pca = PCA(n_components=n, svd_solver="full").fit(x)
    scores = pca.transform(x)
    # scib passes pd.get_dummies (one column per batch) plus an intercept: a rank-deficient design on which scipy's
    # lstsq keeps a ~5e-15 singular value and returns an R^2 off by up to 1e-3. Dropping one dummy column spans the
    # same model with full rank, so this is the exact least-squares R^2 that scib's formula means.
    onehot = (bat[:, None] == np.unique(bat)[None, 1:]).astype(float)
    r2 = [max(0, LinearRegression().fit(onehot, scores[:, [i]]).score(onehot, scores[:, [i]])) for i in range(n)]
    var = pca.explained_variance_
    return float(np.sum(np.array(r2) * var) / var.sum())


def fuzzy_weights(idx, dist):
    """umap-learn smooth_knn_dist + compute_membership_strengths + fuzzy union, with k others (+ self) neighbours."""
    n, k = idx.shape
    target = np.log2(k + 1)
    mean_all = dist.mean()
    w = {}
    for i in range(n):
        d = dist[i]
        rho = d[d > 0][0] if (d > 0).any() else 0.0
        lo, hi, mid = 0.0, np.inf, 1.0
        for _ in range(64):
            s = np.sum(np.where(d - rho > 0, np.exp(-(d - rho) / mid), 1.0))
            if abs(s - target) < 1e-5:
                break
            if s > target:
                hi = mid
                mid = (lo + hi) / 2
            else:
                lo = mid
                mid = mid * 2 if hi == np.inf else (lo + hi) / 2
        mid = max(mid, 1e-3 * (d.mean() if rho > 0 else mean_all))
        for j, dj in zip(idx[i], d):
            w[(i, int(j))] = 1.0 if dj - rho <= 0 else np.exp(-(dj - rho) / mid)
    sym = {}
    for (i, j), v in w.items():
        r = w.get((j, i), 0.0)
        sym[(i, j)] = sym[(j, i)] = v + r - v * r
    return sym


def modularity(sym, n, part, gamma):
    two_m = sum(sym.values())
    deg = np.zeros(n)
    for (i, j), v in sym.items():
        deg[i] += v
    q = 0.0
    for c in np.unique(part):
        inside = sum(v for (i, j), v in sym.items() if part[i] == c and part[j] == c)
        tot = deg[part == c].sum()
        q += inside / two_m - gamma * (tot / two_m) ** 2
    return q


def umap_ab(spread=1.0, min_dist=0.1):
    def curve(x, a, b):
        return 1.0 / (1.0 + a * x ** (2 * b))
    xv = np.linspace(0, spread * 3, 300)
    yv = np.where(xv < min_dist, 1.0, np.exp(-(xv - min_dist) / spread))
    params, _ = curve_fit(curve, xv, yv)
    return params


# ---------------------------------------------------------------- fixtures
def fixture(name, x, lab, bat, baseline, seed):
    lab_c, lab_names = codes(lab)
    bat_c, bat_names = codes(bat)
    idx, dist = knn(x, 89)
    rng = np.random.default_rng(seed)
    k = len(lab_names)
    init = x[rng.choice(len(x), k, replace=False)]
    km = KMeans(n_clusters=k, init=init, n_init=1, algorithm="lloyd", tol=0.0, max_iter=300).fit(x)
    other = rng.integers(0, k + 1, len(x))  # an unrelated partition for NMI/ARI
    lisi_b = lisi(idx, dist, bat_c)
    lisi_l = lisi(idx, dist, lab_c)
    iso, iso_labels = isolated_labels(x, lab, bat)
    sym = fuzzy_weights(idx[:, :15], dist[:, :15])
    out = {
        "embedding": x.ravel().tolist(), "cells": len(x), "dims": x.shape[1],
        "baseline": baseline.ravel().tolist(), "baseline_dims": baseline.shape[1],
        "labels": lab.tolist(), "batches": bat.tolist(),
        "knn10_indices": idx[:, :10].ravel().tolist(), "knn10_distances": dist[:, :10].ravel().tolist(),
        "silhouette_label_samples": silhouette_samples(x, lab).tolist(),
        "batch_asw_per_label": [None if np.isnan(v) else v for v in batch_asw(x, lab, bat)],
        "isolated_labels": iso, "isolated_label_names": iso_labels,
        "lisi_batch": lisi_b.tolist(), "lisi_label": lisi_l.tolist(),
        "ilisi": (np.median(lisi_b) - 1) / (len(bat_names) - 1) if len(bat_names) > 1 else None,
        "clisi": (len(lab_names) - np.median(lisi_l)) / (len(lab_names) - 1),
        "kbet_per_label": [None if np.isnan(v) else v for v in kbet(x, lab, bat)],
        "graph_connectivity_per_label": graph_connectivity(idx[:, :15], lab),
        "pcr_embedding": pcr(x, bat), "pcr_baseline": pcr(baseline, bat),
        "kmeans_init": init.ravel().tolist(), "kmeans_labels": km.labels_.tolist(),
        "kmeans_nmi": normalized_mutual_info_score(lab_c, km.labels_), "kmeans_ari": adjusted_rand_score(lab_c, km.labels_),
        "other_partition": other.tolist(),
        "isolated_f1": isolated_f1(lab, bat, [km.labels_, other]),
        "other_nmi": normalized_mutual_info_score(lab_c, other), "other_ari": adjusted_rand_score(lab_c, other),
        "fuzzy_edges": [[i, j, v] for (i, j), v in sorted(sym.items())],
        "modularity_labels": {str(g): modularity(sym, len(x), lab_c, g) for g in (0.5, 1.0, 2.0)},
    }
    transfers = []
    for ref, query in [(bat_names[0], bat_names[1]), (bat_names[1], bat_names[0])]:
        r, q = bat == ref, bat == query
        pred = KNeighborsClassifier(n_neighbors=15).fit(x[r], lab[r]).predict(x[q])
        present = sorted(set(lab[q]))
        transfers.append({
            "reference": ref, "query": query,
            "predictions": pred.tolist(),
            "accuracy": accuracy_score(lab[q], pred),
            "balanced_accuracy": balanced_accuracy_score(lab[q], pred),
            "macro_f1": f1_score(lab[q], pred, average="macro", zero_division=0),
            "recall": dict(zip(present, recall_score(lab[q], pred, labels=present, average=None, zero_division=0).tolist())),
            "confusion": confusion_matrix(lab[q], pred, labels=lab_names).ravel().tolist(),
        })
    out["transfers"] = transfers
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(out, f)


def main():
    labels = ["alpha", "beta", "delta", "stellate"]
    x, lab, bat = make_data(1, 40, labels, ["human", "mouse"], 8, 2.0)
    base = x + np.where(bat == "mouse", 3.0, 0.0)[:, None] * np.linspace(1, 0, 8)[None, :]
    base = np.hstack([base, np.random.default_rng(5).normal(0, 1, (len(x), 4))]).astype(np.float32).astype(np.float64)
    fixture("two_species.json", x, lab, bat, base, 11)

    # Uneven sizes, three batches, one type in one batch only (isolated), one small type (kBET skips it).
    n_per = {(l, b): n for l in ["acinar", "alpha", "beta", "ductal", "gamma"] for b, n in zip(["h", "m", "z"], [30, 45, 25])}
    n_per[("gamma", "h")] = n_per[("gamma", "m")] = n_per[("gamma", "z")] = 3
    x2, lab2, bat2 = make_data(2, n_per, ["acinar", "alpha", "beta", "ductal", "gamma"], ["h", "m", "z"], 6, 1.0,
                               missing={("acinar", "m"), ("acinar", "z")})
    base2 = (x2 + np.random.default_rng(9).normal(0, 0.5, x2.shape)).astype(np.float32).astype(np.float64)
    fixture("three_batches.json", x2, lab2, bat2, base2, 12)

    a, b = umap_ab()
    with open(os.path.join(HERE, "umap_ab.json"), "w") as f:
        json.dump({"min_dist": 0.1, "spread": 1.0, "a": float(a), "b": float(b)}, f)


if __name__ == "__main__":
    main()
