"""Reference k-nearest neighbours for the exact kNN backends, computed with scikit-learn's NearestNeighbors (brute
force, Euclidean, float64). Writes cells.tsv (one cell per line) and, as query, rank, neighbour, distance:
expected_search_k6.tsv (every cell's 6 nearest other cells, kneighbors() without X, so the cell itself excluded) and
expected_query_k6.tsv (cells 0-24 against the references 25-59, neighbour = position in that reference list).
The data are drawn until no two distances of a query tie near its k-th neighbour, so the order is unambiguous.
Run: /usr/bin/python3 make_knn_fixture.py"""
import numpy as np
from sklearn.neighbors import NearestNeighbors

K = 6
rng = np.random.default_rng(20261205)
cells = rng.standard_normal((60, 5)) * np.array([1.0, 2.0, 0.5, 1.5, 3.0]) + 0.25
queries, references = cells[:25], cells[25:]


def unambiguous(points, targets, skip_self):
    d = np.sqrt(((points[:, None, :] - targets[None, :, :]) ** 2).sum(axis=2))
    for q, row in enumerate(d):
        s = np.sort(np.delete(row, q) if skip_self else row)[: K + 1]
        assert np.min(np.diff(s)) > 1e-6, "near tie: change the seed"


unambiguous(cells, cells, True)
unambiguous(queries, references, False)

with open("cells.tsv", "w") as f:
    for row in cells:
        f.write("\t".join(repr(float(v)) for v in row) + "\n")

search = NearestNeighbors(n_neighbors=K, algorithm="brute", metric="euclidean").fit(cells)
distances, indices = search.kneighbors()
query = NearestNeighbors(n_neighbors=K, algorithm="brute", metric="euclidean").fit(references)
query_distances, query_indices = query.kneighbors(queries)
for name, (dist, idx) in (("expected_search_k6.tsv", (distances, indices)), ("expected_query_k6.tsv", (query_distances, query_indices))):
    with open(name, "w") as f:
        for q in range(idx.shape[0]):
            for rank in range(K):
                f.write(f"{q}\t{rank}\t{idx[q, rank]}\t{dist[q, rank]!r}\n")
