"""Runs the >>> examples of a Markdown guide's ```python blocks (doctest, in order, one namespace) in a folder.

Lines outside those blocks become blank lines, so a block's closing fence ends an example's expected output and
doctest's line numbers are the guide's.

Usage: run_guide.py <guide.md> <working folder>. Prints one JSON line {"attempted", "failed", "scanpy"} after
doctest's report; exits 1 when an example fails. When scanpy is not installed (Debian has no package for it), the
stand-in in scanpy_stand_in/ takes its place: it checks the arguments the guide passes against the real AnnData
(keys exist, shapes agree) and computes the neighbour graph with scikit-learn, but draws nothing.
"""
import doctest
import json
import os
import sys

guide, folder = os.path.abspath(sys.argv[1]), sys.argv[2]
try:
    import scanpy  # noqa: F401
    flavour = "real"
except ImportError:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "scanpy_stand_in"))
    flavour = "stand-in"


def python_blocks(lines):
    inside = False
    for line in lines:
        fence = line.strip().startswith("```")
        yield line if inside and not fence else ""
        if fence:
            inside = not inside and line.strip() == "```python"


with open(guide, encoding="utf-8") as file:
    text = "\n".join(python_blocks(file.read().splitlines()))
os.chdir(folder)
test = doctest.DocTestParser().get_doctest(text, {"__name__": "guide"}, os.path.basename(guide), guide, 0)
runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
runner.run(test)
result = runner.summarize(verbose=False)
print(json.dumps({"attempted": result.attempted, "failed": result.failed, "scanpy": flavour}))
sys.exit(1 if result.failed else 0)
