"""A stand-in for the three scanpy calls of docs/scanpy-seurat.md, used only where scanpy is not installed.

Each call checks what real scanpy would need from the AnnData (the representation in obsm, the neighbour graph, the
colour keys in obs or var) and fails the guide's test with scanpy's kind of error when it is missing. neighbors
builds the kNN distance graph with scikit-learn (scanpy's default of 15 neighbours, Euclidean); umap stores a
two-dimensional placeholder (the first two coordinates of the representation), pl.umap draws nothing.
"""
from types import SimpleNamespace

import numpy as np
from sklearn.neighbors import kneighbors_graph


def _neighbors(adata, n_neighbors=15, use_rep=None, **_):
    rep = adata.obsm[use_rep] if use_rep is not None else adata.obsm["X_pca"]
    if rep.shape[0] != adata.n_obs:
        raise ValueError(f"obsm[{use_rep!r}] has {rep.shape[0]} rows, adata has {adata.n_obs} cells")
    adata.obsp["distances"] = kneighbors_graph(np.asarray(rep), n_neighbors - 1, mode="distance")
    adata.obsp["connectivities"] = (adata.obsp["distances"] > 0).astype(np.float32)
    adata.uns["neighbors"] = {"params": {"n_neighbors": n_neighbors, "use_rep": use_rep}}


def _umap(adata, **_):
    if "neighbors" not in adata.uns:
        raise ValueError('Did not find .uns["neighbors"]. Run `sc.pp.neighbors` first.')
    rep = adata.uns["neighbors"]["params"]["use_rep"] or "X_pca"
    adata.obsm["X_umap"] = np.asarray(adata.obsm[rep])[:, :2].copy()


def _plot_umap(adata, color=None, **_):
    if "X_umap" not in adata.obsm:
        raise KeyError("No 'X_umap' in obsm. Run `sc.tl.umap` first.")
    for key in [color] if isinstance(color, str) else (color or []):
        if key not in adata.obs.columns and key not in adata.var_names:
            raise KeyError(f"Could not find key {key} in .var_names or .obs.columns.")


pp = SimpleNamespace(neighbors=_neighbors)
tl = SimpleNamespace(umap=_umap)
pl = SimpleNamespace(umap=_plot_umap)
