"""Reads a Cell Ranger .h5 file the way scanpy.read_10x_h5(path, genome, gex_only=False) does, with h5py and scipy
(scanpy itself is not packaged by Debian), then makes the gene names unique as anndata's var_names_make_unique, and
dumps the result as JSON. Test-only peer for the TenXH5Reader tests; the reading steps follow
scanpy/readwrite.py (_read_legacy_10x_h5, _read_v3_10x_h5, read_10x_h5).

  scanpy_10x_h5_peer.py <in.h5> <out.json> [genome]
"""
import json
import sys

import anndata as ad
import h5py
import numpy as np
from scipy.sparse import csr_matrix


def collect(dsets, group):
    for k, v in group.items():
        if isinstance(v, h5py.Dataset):
            dsets[k] = v[()]
        else:
            collect(dsets, v)


def matrix(dsets):
    n_cols, n_rows = dsets["shape"]
    data = dsets["data"].astype(np.float32)
    return csr_matrix((data, dsets["indices"], dsets["indptr"]), shape=(n_rows, n_cols))


def read_legacy(f, genome):
    children = list(f.keys())
    if not genome:
        if len(children) > 1:
            raise ValueError(f"more than one genome: {children}")
        genome = children[0]
    dsets = {}
    collect(dsets, f[genome])
    return ad.AnnData(matrix(dsets), obs=dict(obs_names=dsets["barcodes"].astype(str)),
                      var=dict(var_names=dsets["gene_names"].astype(str), gene_ids=dsets["genes"].astype(str)))


def read_v3(f, genome):
    dsets = {}
    collect(dsets, f["matrix"])
    var = {"var_names": dsets["name"].astype(str)}
    if "gene_id" not in dsets:
        var["gene_ids"] = dsets["id"].astype(str)
    else:
        var.update({"gene_ids": dsets["gene_id"].astype(str), "probe_ids": dsets["id"].astype(str)})
    var["feature_types"] = dsets["feature_type"].astype(str)
    if "genome" in dsets:
        var["genome"] = dsets["genome"].astype(str)
    adata = ad.AnnData(matrix(dsets), obs=dict(obs_names=dsets["barcodes"].astype(str)), var=var)
    if genome:
        adata = adata[:, adata.var["genome"] == genome].copy()
    return adata


def main(path, out, genome=None):
    with h5py.File(path, "r") as f:
        adata = read_v3(f, genome) if "matrix" in f else read_legacy(f, genome)
    adata.var_names_make_unique()
    result = {
        "shape": list(adata.shape),
        "X": adata.X.toarray().astype(np.float64).ravel().tolist(),
        "obs_names": [str(n) for n in adata.obs_names],
        "var_names": [str(n) for n in adata.var_names],
        "var": {k: [str(v) for v in adata.var[k]] for k in adata.var.columns},
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(*sys.argv[1:])
