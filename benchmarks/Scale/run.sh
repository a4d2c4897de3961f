#!/usr/bin/env bash
# The scale benchmark of issue #18: generated two-species counts (ScaleData.cs: 15,000 genes, ≈ 2,000 detected per cell,
# 12 types, NB counts, species shifts) through `pllm run` without the protein stages (fit, predict, evaluate), recording
# each stage's wall time and peak RSS (VmRSS sampled every 0.2 s, attributed by run.log's stage times) and the whole
# process's peak (/usr/bin/time -v).
#   usage: benchmarks/Scale/run.sh <cells> [<cells> …]       e.g. benchmarks/Scale/run.sh 20000 100000
# Results go to benchmarks/Scale/results-<cells>.txt (results-<cells>-fit.txt with SCALE_STAGES=fit); the data to
# ${SCALE_WORK:-/tmp/pllm-scale}/<cells>. SCALE_STAGES=fit runs `pllm fit` on the same config instead of `pllm run`
# (the fit alone: its peak is the whole process's).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${SCALE_WORK:-/tmp/pllm-scale}"
[[ $# -ge 1 ]] || { echo "usage: $0 <cells> [<cells> …]" >&2; exit 2; }
dotnet build "${root}/src/Cli" -c Release -v q -nologo > /dev/null
dotnet build "${root}/benchmarks" -c Release -v q -nologo > /dev/null
pllm=(dotnet "${root}/src/Cli/bin/Release/net10.0/pllm.dll")
stages="${SCALE_STAGES:-all}"
[[ "${stages}" == all || "${stages}" == fit ]] || { echo "SCALE_STAGES: expected all or fit" >&2; exit 2; }
for cells in "$@"; do
  folder="${work}/${cells}"
  results="${root}/benchmarks/Scale/results-${cells}$([[ "${stages}" == fit ]] && echo -fit || true).txt"
  rm -rf "${folder}/out"
  mkdir -p "${folder}"
  if [[ -f "${folder}/human.h5ad" && -f "${folder}/mouse.h5ad" && -f "${folder}/pairs.csv" ]]; then
    echo "data: reused ${folder} (the generator is deterministic)" | tee "${results}"
  else
    /usr/bin/time -f "generate: %e s, peak RSS %M KiB" dotnet "${root}/benchmarks/bin/Release/net10.0/PllmML.Benchmarks.dll" scale-data "${cells}" "${folder}" 2>&1 | tee "${results}"
  fi
  cat > "${folder}/config.json" <<JSON
{
  "inputs": [
    { "path": "human.h5ad", "species": "human", "labelKey": "cell_type" },
    { "path": "mouse.h5ad", "species": "mouse", "labelKey": "cell_type" }
  ],
  "homology": { "path": "pairs.csv" },
  "trainSpecies": ["mouse"],
  "evaluation": { "pictures": false }
}
JSON
  {
    echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) threads, $(free -g | awk '/Mem:/ {print $2}') GiB; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "flags: $(grep -m1 flags /proc/cpuinfo | grep -o 'avx[0-9a-z_]*' | sort -u | tr '\n' ' ')"
  } | tee -a "${results}"
  if [[ "${stages}" == fit ]]; then
    mkdir -p "${folder}/out"
    command=(fit --config "${folder}/config.json" --out "${folder}/out/model.zip")
  else
    command=(run "${folder}/config.json" --out "${folder}/out")
  fi
  /usr/bin/time -v -o "${folder}/time.txt" "${pllm[@]}" "${command[@]}" > "${folder}/stdout.txt" 2>&1 &
  runner=$!
  : > "${folder}/rss.txt"
  sleep 0.5
  while kill -0 "${runner}" 2> /dev/null; do
    for pid in $(pgrep -P "${runner}" 2> /dev/null); do
      awk -v t="$(date +%s.%N)" '/VmRSS/ { print t, $2 }' "/proc/${pid}/status" 2> /dev/null >> "${folder}/rss.txt" || true
    done
    sleep 0.2
  done
  wait "${runner}" || { echo "pllm ${command[0]} failed: $(tail -n 3 "${folder}/stdout.txt")" | tee -a "${results}"; continue; }
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "${results}"
  if [[ "${stages}" == fit ]]; then
    grep -E "│|\|" "${folder}/stdout.txt" | tee -a "${results}" || true
    grep -E "Elapsed|Maximum resident" "${folder}/time.txt" | tee -a "${results}"
    continue
  fi
  grep -E "fit: [a-zA-Z ]+ [0-9.]+ s:" "${folder}/out/run.log" | cut -c21- | cut -c1-90 | tee -a "${results}" || true
  python3 - "${folder}" <<'PY' | tee -a "${results}"
import datetime, re, sys
folder = sys.argv[1]
samples = [tuple(map(float, line.split())) for line in open(f"{folder}/rss.txt") if line.strip()]
stages, start = [], {}
for line in open(f"{folder}/out/run.log"):
    m = re.match(r"(\S+ \S+) (\w+): (running|done in ([\d.]+) s)", line)
    if not m:
        continue
    t = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.timezone.utc).timestamp()
    if m.group(3) == "running":
        start[m.group(2)] = t
    else:
        stages.append((m.group(2), start.get(m.group(2), t), t + 1, float(m.group(4))))
print("| stage | wall | peak RSS |")
print("|---|---|---|")
for name, begin, end, seconds in stages:
    peak = max((rss for t, rss in samples if begin <= t <= end), default=0)
    print(f"| {name} | {seconds:.1f} s | {peak / 1048576:.2f} GiB |")
PY
  grep -E "Elapsed|Maximum resident" "${folder}/time.txt" | tee -a "${results}"
  grep -E "scib total|accuracy" "${folder}/out/run.log" | cut -c21- | tee -a "${results}"
done
