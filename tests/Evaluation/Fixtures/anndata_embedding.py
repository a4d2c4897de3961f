#!/usr/bin/python3
"""Writes an .h5ad with the real anndata (float64 and float32 embeddings, categorical obs) and prints, as JSON, the
scikit-learn values PllmML must reproduce after reading it. PllmML holds embeddings as float32 (DenseMatrix), so the
references are computed on the float32-rounded float64 embedding."""
import json
import sys

import anndata
import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score, silhouette_samples
from sklearn.neighbors import KNeighborsClassifier

path = sys.argv[1]
rng = np.random.default_rng(3)
n = 300
types = rng.choice(["alpha", "beta", "ductal"], n)
species = rng.choice(["human", "mouse"], n)
centres = {"alpha": 0.0, "beta": 4.0, "ductal": 8.0}
emb = np.array([[centres[t]] * 10 for t in types]) + rng.normal(0, 1.5, (n, 10)) + (species == "mouse")[:, None] * 1.0
adata = anndata.AnnData(X=np.zeros((n, 2), dtype=np.float32),
                        obs=pd.DataFrame({"cell_type": pd.Categorical(types), "species": pd.Categorical(species)},
                                         index=[f"c{i}" for i in range(n)]))
adata.obsm["X_emb"] = emb  # float64, as harmony writes it
adata.obsm["X_pca"] = emb[:, :5].astype(np.float32)
adata.write_h5ad(path)

x = emb.astype(np.float32).astype(np.float64)
h, m = species == "human", species == "mouse"
pred = KNeighborsClassifier(n_neighbors=15).fit(x[h], types[h]).predict(x[m])
print(json.dumps({
    "silhouette_label": float(silhouette_samples(x, types).mean()),
    "accuracy_human_to_mouse": accuracy_score(types[m], pred),
    "macro_f1_human_to_mouse": f1_score(types[m], pred, average="macro"),
}))
