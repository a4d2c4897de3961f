"""Writes filters.h5, the fixture of the HDF5 filter tests, with Debian's h5py (/usr/bin/python3, python3-h5py).

Every group holds `plain` (contiguous, no filter) and the same values under the filter combinations h5py users
meet: compression="lzf" / "gzip", shuffle=True, fletcher32=True. The tests read each filtered dataset and compare it
with `plain`, which PureHDF reads without any filter. Attribute `masked_chunks` counts the chunks HDF5 stored with
a filter skipped (LZF could not shrink them); `chunk_offsets`/`chunk_sizes` locate the chunks for the corruption
tests.

  make_filter_fixtures.py <out.h5>
"""
import sys

import h5py
import numpy as np

rng = np.random.default_rng(20261205)

VARIANTS = {
    "lzf": dict(compression="lzf"),
    "lzf_shuffle": dict(compression="lzf", shuffle=True),
    "lzf_shuffle_fletcher32": dict(compression="lzf", shuffle=True, fletcher32=True),
    "gzip": dict(compression="gzip"),
    "gzip_shuffle_fletcher32": dict(compression="gzip", compression_opts=9, shuffle=True, fletcher32=True),
    "shuffle": dict(shuffle=True),
    "chunked": dict(),
    "fletcher32": dict(fletcher32=True),
}


def counts(n):
    """Sparse-matrix-like float32 values: small integers, log-normalised."""
    return np.log1p(rng.poisson(0.8, n)).astype(np.float32)


def mixed_int64(n, chunk):
    """Chunks alternate: sorted indices (compressible) and random 64-bit words (LZF cannot shrink them)."""
    values = np.sort(rng.integers(0, 30000, n)).astype(np.int64)
    for start in range(chunk, n, 2 * chunk):
        values[start:start + chunk] = rng.integers(-2**63, 2**63 - 1, min(chunk, n - start), dtype=np.int64)
    return values


GROUPS = {
    "float32": (counts(2003), (500,)),
    "int64_mixed": (mixed_int64(1100, 128), (128,)),
    "float64_2d": (rng.standard_normal((45, 7)), (10, 4)),
    "int32_indices": (rng.integers(0, 20000, 1201).astype(np.int32), (400,)),
}


def write(path):
    with h5py.File(path, "w") as f:
        for name, (values, chunks) in GROUPS.items():
            group = f.create_group(name)
            group.create_dataset("plain", data=values)
            for variant, options in VARIANTS.items():
                group.create_dataset(variant, data=values, chunks=chunks, **options)
        strings = np.array([f"cell-{i:05d}-{'ACGT'[i % 4] * (i % 7)}" for i in range(600)], dtype=object)
        group = f.create_group("strings")
        group.create_dataset("plain", data=strings, dtype=h5py.string_dtype())
        group.create_dataset("lzf", data=strings, dtype=h5py.string_dtype(), chunks=(200,), compression="lzf")
    with h5py.File(path, "a") as f:
        for group in f.values():
            for name, dataset in group.items():
                if dataset.chunks is None:
                    continue
                info = [dataset.id.get_chunk_info(i) for i in range(dataset.id.get_num_chunks())]
                dataset.attrs["masked_chunks"] = sum(1 for c in info if c.filter_mask != 0)
                dataset.attrs["chunk_offsets"] = np.array([c.byte_offset for c in info], dtype=np.int64)
                dataset.attrs["chunk_sizes"] = np.array([c.size for c in info], dtype=np.int64)


if __name__ == "__main__":
    write(sys.argv[1])
