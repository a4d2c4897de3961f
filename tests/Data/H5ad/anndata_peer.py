"""Peer for the h5ad interoperability tests: the real anndata writes, reads and compares files.

Run with Debian's Python (/usr/bin/python3 + python3-anndata). Test-only; never part of the product.

  anndata_peer.py write <out.h5ad> [lzf|gzip]  write a file that uses every feature the reader supports
                                            (compressed with h5py's LZF or gzip when asked)
  anndata_peer.py dump <in.h5ad> <out.json> read with anndata and dump every value as JSON
  anndata_peer.py dump-core <in.h5ad> <out.json>  the same for X, obs, var, layers, raw and the dense arrays of
                                            obsm/varm (what PllmML's data model holds), for archived files
  anndata_peer.py compare <a.h5ad> <b.h5ad> read both with anndata; exit 1 and print what differs
"""
import json
from collections.abc import Mapping
import sys

import anndata as ad
import numpy as np
import pandas as pd
import scipy.sparse as sp


def write(path, compression=None):
    rng = np.random.default_rng(20261130)
    n_cells, n_genes = 7, 5
    counts = rng.poisson(1.5, size=(n_cells, n_genes)).astype(np.float64)
    counts[0, :] = 0
    obs = pd.DataFrame(
        {
            "cell_type": pd.Categorical(["beta", "alpha", "beta", "delta", None, "alpha", "beta"]),
            "stage": pd.Categorical(["early", "late", "early", "mid", "late", "mid", "early"],
                                    categories=["early", "mid", "late"], ordered=True),
            "donor": ["d1", "d2", "d1", "d3", "d2", "d1", "d3"],
            "n_counts": counts.sum(axis=1).astype(np.float32),
            "n_genes": (counts > 0).sum(axis=1).astype(np.int32),
            "score": np.array([0.5, -1.25, np.nan, 3.0, 1e-7, 2.5, 0.0]),
            "is_doublet": np.array([False, True, False, False, True, False, False]),
            "batch_id": np.array([1, 2, 1, 3, 2, 1, 3], dtype=np.int64),
        },
        index=[f"cell-{i}" for i in range(n_cells)],
    )
    var = pd.DataFrame(
        {
            "gene_ids": [f"ENSG{i:011d}" for i in range(n_genes)],
            "highly_variable": np.array([True, False, True, True, False]),
            "means": rng.random(n_genes),
        },
        index=["INS", "GCG", "SST", "PPY", "GHRL"],
    )
    adata = ad.AnnData(X=sp.csc_matrix(counts), obs=obs, var=var, dtype=np.float64)
    adata.obsm["X_pca"] = rng.standard_normal((n_cells, 3)).astype(np.float32)
    adata.obsm["X_umap"] = rng.standard_normal((n_cells, 2))
    adata.varm["PCs"] = rng.standard_normal((n_genes, 3)).astype(np.float32)
    adata.layers["counts"] = sp.csr_matrix(counts.astype(np.int32))
    adata.layers["dense"] = counts.astype(np.float32) * 0.5
    adata.raw = ad.AnnData(X=sp.csr_matrix(np.hstack([counts, counts[:, :1] + 1])),
                           var=pd.DataFrame(index=list(var.index) + ["EXTRA"]), dtype=np.float64)
    adata.uns["title"] = "pancreas test é"
    adata.uns["n_pcs"] = 3
    adata.uns["resolution"] = 0.8
    adata.uns["flag"] = True
    adata.uns["colors"] = np.array(["#ff0000", "#00ff00"], dtype=object)
    adata.uns["weights"] = np.array([1.0, 2.5, -3.0])
    adata.uns["neighbors"] = {"params": {"n_neighbors": 15, "method": "umap"}}
    adata.write_h5ad(path, compression=compression)


def write_messy_csr(path):
    """A CSR X as scipy leaves it after some operations, stored as other writers do: unsorted and repeated indices,
    int64 indptr and indices, float64 data, gzip in chunks smaller than a row block."""
    import h5py
    rng = np.random.default_rng(20261206)
    n_cells, n_genes = 3000, 400
    counts = sp.random(n_cells, n_genes, density=0.05, format="csr", random_state=7, dtype=np.float64)
    counts.data = np.ceil(counts.data * 20)
    ad.AnnData(X=counts, obs=pd.DataFrame(index=[f"c{i}" for i in range(n_cells)]),
               var=pd.DataFrame(index=[f"g{j}" for j in range(n_genes)])).write_h5ad(path)
    indptr, indices, data = [0], [], []
    for i in range(n_cells):
        row = counts.getrow(i)
        cols, vals = list(row.indices), list(row.data)
        if i % 3 == 0 and cols:
            # split one value over a repeated index: reading must sum them (scipy's sum_duplicates)
            cols.append(cols[0]); vals[0] -= 0.5; vals.append(0.5)
        order = rng.permutation(len(cols))
        indices += [cols[k] for k in order]; data += [vals[k] for k in order]
        indptr.append(len(indices))
    with h5py.File(path, "r+") as f:
        for name, values, dtype in (("data", data, np.float64), ("indices", indices, np.int64), ("indptr", indptr, np.int64)):
            del f["X"][name]
            f["X"].create_dataset(name, data=np.array(values, dtype=dtype), compression="gzip", chunks=(1000,))
    print(counts.nnz)


def column(series):
    if isinstance(series.dtype, pd.CategoricalDtype):
        return {"kind": "categorical", "codes": series.cat.codes.tolist(),
                "categories": [str(c) for c in series.cat.categories], "ordered": bool(series.cat.ordered)}
    if series.dtype == bool:
        return {"kind": "bool", "values": series.tolist()}
    if series.dtype == object:
        return {"kind": "string", "values": [None if v is None else str(v) for v in series]}
    return {"kind": "numeric", "dtype": str(series.dtype),
            "values": [None if np.isnan(v) else float(v) for v in series.astype(np.float64)]}


def frame(df):
    return {"names": [str(n) for n in df.index], "columns": {k: column(df[k]) for k in df.columns},
            "order": [str(c) for c in df.columns]}


def matrix(m):
    dense = m.toarray() if sp.issparse(m) else np.asarray(m)
    values = dense.astype(np.float64).ravel()
    listed = values.tolist() if not np.isnan(values).any() else [None if np.isnan(v) else v for v in values]
    return {"shape": list(dense.shape), "values": listed,
            "sparse": bool(sp.issparse(m)), "dtype": str(m.dtype)}


def uns_value(v):
    if isinstance(v, Mapping):
        return {"kind": "dict", "items": {k: uns_value(x) for k, x in v.items()}}
    if isinstance(v, str):
        return {"kind": "string", "value": v}
    if isinstance(v, (bool, np.bool_)):
        return {"kind": "bool", "value": bool(v)}
    if isinstance(v, (int, np.integer)):
        return {"kind": "int", "value": int(v)}
    if isinstance(v, (float, np.floating)):
        return {"kind": "float", "value": float(v)}
    array = np.asarray(v)
    if array.dtype.kind in "OUS":
        return {"kind": "strings", "value": [str(x) for x in array]}
    return {"kind": "array", "value": array.astype(np.float64).ravel().tolist(), "shape": list(array.shape)}


def dump(path, out, core=False):
    adata = ad.read_h5ad(path)

    def arrays(m):
        return {k: matrix(v) for k, v in m.items() if not core or isinstance(v, np.ndarray)}

    result = {
        "X": None if adata.X is None else matrix(adata.X),
        "obs": frame(adata.obs),
        "var": frame(adata.var),
        "obsm": arrays(adata.obsm),
        "varm": arrays(adata.varm),
        "layers": {k: matrix(v) for k, v in adata.layers.items()},
        "raw": None if adata.raw is None else {"X": matrix(adata.raw.X), "var": frame(adata.raw.var)},
        "uns": {} if core else {k: uns_value(v) for k, v in adata.uns.items()},
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f)


def compare(a_path, b_path):
    a, b = ad.read_h5ad(a_path), ad.read_h5ad(b_path)
    problems = []

    def check(what, ok):
        if not ok:
            problems.append(what)

    check("shape", a.shape == b.shape)
    check("obs_names", list(a.obs_names) == list(b.obs_names))
    check("var_names", list(a.var_names) == list(b.var_names))
    xa, xb = (m.toarray() if sp.issparse(m) else m for m in (a.X, b.X))
    check("X values", np.array_equal(xa, xb))
    check("X dtype", a.X.dtype == b.X.dtype)
    for name, (fa, fb) in {"obs": (a.obs, b.obs), "var": (a.var, b.var)}.items():
        check(f"{name} columns", list(fa.columns) == list(fb.columns))
        for col in fa.columns:
            if col in fb:
                check(f"{name}.{col} dtype {fa[col].dtype} vs {fb[col].dtype}", fa[col].dtype == fb[col].dtype)
                check(f"{name}.{col} values", fa[col].equals(fb[col]))
    check("obsm keys", set(a.obsm) == set(b.obsm))
    check("uns keys", set(a.uns) == set(b.uns))
    if problems:
        print("differences: " + "; ".join(problems))
        sys.exit(1)
    print("identical")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "write":
        write(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    elif command == "dump":
        dump(sys.argv[2], sys.argv[3])
    elif command == "dump-core":
        dump(sys.argv[2], sys.argv[3], core=True)
    elif command == "write-messy-csr":
        write_messy_csr(sys.argv[2])
    elif command == "compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown command {command}")
