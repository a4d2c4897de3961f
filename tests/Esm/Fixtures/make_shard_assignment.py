"""Reference shard numbers for EmbeddingShardTests (independent of PllmML's C# code).

Reads data/proteins/human_mouse_refog_proteins.fa, drops a trailing stop '*' (records with an internal '*' are
left out, as PllmML's standard cleaning drops them), and writes per protein: id, SHA-256 of the sequence (hex),
and the 1-based shard among 3 and among 8: int.from_bytes(sha256[:8], "big") % n + 1.

Run from the repository root: /usr/bin/python3 tests/Esm/Fixtures/make_shard_assignment.py
"""
import hashlib
import pathlib

root = pathlib.Path(__file__).resolve().parents[3]
records, current = [], None
for line in (root / "data/proteins/human_mouse_refog_proteins.fa").read_text().splitlines():
    if line.startswith(">"):
        current = [line[1:].split()[0], ""]
        records.append(current)
    else:
        current[1] += line.strip()

lines = ["protein_id\tsha256\tshard_of_3\tshard_of_8"]
for protein_id, sequence in records:
    sequence = sequence.upper().removesuffix("*")
    if "*" in sequence or not sequence:
        continue
    digest = hashlib.sha256(sequence.encode("utf-8")).digest()
    number = int.from_bytes(digest[:8], "big")
    lines.append(f"{protein_id}\t{digest.hex()}\t{number % 3 + 1}\t{number % 8 + 1}")
(pathlib.Path(__file__).parent / "shard_assignment.tsv").write_text("\n".join(lines) + "\n")
