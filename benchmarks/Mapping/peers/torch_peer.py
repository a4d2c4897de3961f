"""PyTorch CPU peers for benchmarks/Mapping (run with Debian's /usr/bin/python3, torch from python3-torch).

Usage: python3 torch_peer.py N M [width=1280] [threads=2]
Measures, on random float32 embeddings, what the original LM_O2O does and what a PyTorch user would write:
  pearson_mm   centre rows, one N x width x M product, normalise (the original's correlation.py)
  topk_both    top-10 of every row and every column of that matrix
  argsort_both full preference lists both ways (argsort of every row and column: the original's matchingR input)
  sgemm        a bare torch.mm of the same shape -> GFLOP/s (the GEMM-efficiency reference)
Prints one JSON object. Peak RSS is reported from resource.getrusage (KiB on Linux).
"""
import json
import resource
import sys
import time

import torch

n, m = int(sys.argv[1]), int(sys.argv[2])
width = int(sys.argv[3]) if len(sys.argv) > 3 else 1280
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 2
torch.set_num_threads(threads)
g = torch.Generator().manual_seed(0)
a = torch.rand(n, width, generator=g)
b = torch.rand(m, width, generator=g)
out = {"torch": torch.__version__, "threads": threads, "n": n, "m": m, "width": width}

t = time.perf_counter()
c = torch.mm(a, b.T)
out["sgemm_s"] = time.perf_counter() - t
out["sgemm_gflops"] = 2.0 * n * m * width / out["sgemm_s"] / 1e9
del c

t = time.perf_counter()
am = a - a.mean(dim=1, keepdim=True)
bm = b - b.mean(dim=1, keepdim=True)
r = torch.mm(am, bm.T) / (am.norm(dim=1)[:, None] * bm.norm(dim=1)[None, :] + 1e-8)
out["pearson_mm_s"] = time.perf_counter() - t

t = time.perf_counter()
torch.topk(r, 10, dim=1)
torch.topk(r, 10, dim=0)
out["topk_both_s"] = time.perf_counter() - t

t = time.perf_counter()
torch.argsort(r, dim=1, descending=True)
out["argsort_rows_s"] = time.perf_counter() - t
t = time.perf_counter()
torch.argsort(r, dim=0, descending=True)
out["argsort_columns_s"] = time.perf_counter() - t
out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
