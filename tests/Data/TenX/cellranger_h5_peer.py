"""Writes a Cell Ranger >= 3 style filtered_feature_bc_matrix.h5 from a 10x MEX folder, with h5py the way
Cell Ranger lays it out (fixed-length byte strings, int64 indices/indptr, int32 data and shape).
Test-only peer: an independent writer for the TenXH5Reader tests.

  cellranger_h5_peer.py <mex folder> <out.h5>
"""
import gzip
import sys

import h5py
import numpy as np
import scipy.io


def lines(path):
    with gzip.open(path, "rt") as f:
        return [line.rstrip("\n").split("\t") for line in f]


folder, out = sys.argv[1], sys.argv[2]
matrix = scipy.io.mmread(f"{folder}/matrix.mtx.gz").tocsc()  # genes x cells, CSC = per cell
features = lines(f"{folder}/features.tsv.gz")
barcodes = [row[0] for row in lines(f"{folder}/barcodes.tsv.gz")]
with h5py.File(out, "w") as f:
    g = f.create_group("matrix")
    g.create_dataset("barcodes", data=np.array(barcodes, dtype="S"))
    g.create_dataset("data", data=matrix.data.astype(np.int32))
    g.create_dataset("indices", data=matrix.indices.astype(np.int64))
    g.create_dataset("indptr", data=matrix.indptr.astype(np.int64))
    g.create_dataset("shape", data=np.array(matrix.shape, dtype=np.int32))
    feats = g.create_group("features")
    feats.create_dataset("id", data=np.array([r[0] for r in features], dtype="S"))
    feats.create_dataset("name", data=np.array([r[1] for r in features], dtype="S"))
    feats.create_dataset("feature_type", data=np.array([r[2] for r in features], dtype="S"))
    feats.create_dataset("genome", data=np.array(["GRCh38"] * len(features), dtype="S"))
    feats.create_dataset("_all_tag_keys", data=np.array(["genome"], dtype="S"))
