"""Reads pllm run's integrated.h5ad with the real anndata and prints what a scanpy user would check first."""
import json
import sys

import anndata

adata = anndata.read_h5ad(sys.argv[1])
print(json.dumps({
    "shape": list(adata.shape),
    "obs": list(adata.obs.columns),
    "obsm": {key: list(adata.obsm[key].shape) for key in adata.obsm},
    "species": adata.obs["species"].value_counts().to_dict(),
    "x_sum": float(adata.X.sum()),
    "first_x_pllm": float(adata.obsm["X_pllm"][0, 0]),
}))
