"""Louvain as scanpy's tl.louvain runs it (louvain-igraph's algorithm: queue-based local moving of nodes, then
aggregation, no refinement), written with leidenalg's move_nodes and aggregation as leidenalg's documentation writes
the Louvain algorithm, on a weighted undirected graph.

usage: louvain_igraph.py <edges.tsv> <resolution> [<seeds>]
edges.tsv: "nodes" on the first line, then "i<TAB>j<TAB>weight" per edge with i <= j (a self-loop once).
Prints the modularity Q = sum_c [in_c / 2m - resolution (tot_c / 2m)^2] of each seed's partition, tab-separated.
"""
import sys

import igraph
import leidenalg


def main():
    path, resolution = sys.argv[1], float(sys.argv[2])
    seeds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    with open(path) as handle:
        nodes = int(handle.readline())
        edges, weights = [], []
        for line in handle:
            i, j, w = line.split("\t")
            edges.append((int(i), int(j)))
            weights.append(float(w))
    graph = igraph.Graph(n=nodes, edges=edges, directed=False)
    graph.es["weight"] = weights
    found = []
    for seed in range(seeds):
        partition = leidenalg.RBConfigurationVertexPartition(graph, weights="weight", resolution_parameter=resolution)
        optimiser = leidenalg.Optimiser()
        optimiser.set_rng_seed(seed)
        aggregate = partition.aggregate_partition()
        while optimiser.move_nodes(aggregate) > 0:
            partition.from_coarse_partition(aggregate)
            aggregate = aggregate.aggregate_partition()
        found.append(modularity(graph, partition.membership, weights, resolution))
    print("\t".join(f"{q:.9f}" for q in found))


def modularity(graph, membership, weights, resolution):
    inside, total, two_m = {}, {}, 0.0
    for (i, j), w in zip(graph.get_edgelist(), weights):
        for a, b in ((i, j), (j, i)) if i != j else ((i, j),):
            two_m += w
            total[membership[a]] = total.get(membership[a], 0.0) + w
            if membership[a] == membership[b]:
                inside[membership[a]] = inside.get(membership[a], 0.0) + w
    return sum(inside.get(c, 0.0) / two_m - resolution * (t / two_m) ** 2 for c, t in total.items())


main()
