#!/usr/bin/env bash
# One script for a machine with an NVIDIA GPU: checks what is there, builds, runs the exactness checks on the GPU
# (ESM-2 --device cuda against --device cpu on the random-weight t6_8M goldens, fp32 and bf16, through TorchSharp and
# through an ONNX export made by pllm model export-onnx) and the ESM, mapping
# and Harmony benchmarks, and writes everything to one results file.
#   usage: benchmarks/gpu/run.sh [results-file]      (default: gpu-results-<host>-<date>.txt in the repository root)
# Fails at once, naming what is missing, without an NVIDIA GPU, without the .NET SDK, or without the shared data.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
results="${1:-${root}/gpu-results-$(hostname)-$(date -u +%Y%m%dT%H%M%SZ).txt}"
shared="${PLLM_SHARED:-${root}/../shared}"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

fail() { echo "benchmarks/gpu/run.sh: $*" >&2; exit 1; }
log() { echo "$*" | tee -a "${results}"; }

command -v nvidia-smi > /dev/null || fail "nvidia-smi not found: this script needs a machine with an NVIDIA GPU and its driver."
nvidia-smi -L > /dev/null 2>&1 || fail "nvidia-smi finds no usable GPU (driver not loaded, or no device visible to this job)."
command -v dotnet > /dev/null || fail "the .NET 10 SDK (dotnet) is not on PATH."
[[ -d "${shared}/data/esm2/t6_8M" ]] || fail "no reference data at ${shared}/data/esm2/t6_8M (set PLLM_SHARED to the shared folder)."

: > "${results}"
log "# PllmML GPU run, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(hostname)"
log "## machine"
nvidia-smi --query-gpu=name,memory.total,driver_version,compute_cap --format=csv,noheader | tee -a "${results}"
log "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) threads; load: $(uptime)"
log "commit: $(git -C "${root}" rev-parse --short HEAD 2>/dev/null || echo unknown)"

log "## build"
dotnet build "${root}/PllmML.sln" -c Release -warnaserror 2>&1 | tail -n 3 | tee -a "${results}"
pllm=(dotnet "${root}/src/Cli/bin/Release/net10.0/pllm.dll")

# Which route the ESM model has: TorchSharp needs a CUDA build of libtorch next to pllm.dll.
if compgen -G "${root}/src/Cli/bin/Release/net10.0/runtimes/linux-x64/native/libtorch_cuda*.so" > /dev/null; then
  log "libtorch: CUDA build present"
else
  log "libtorch: CPU build only (reference libtorch-cuda-12.x-linux-x64 instead of libtorch-cpu-linux-x64 for the TorchSharp GPU route); the ESM steps below will report that clearly"
fi

log "## exactness on the GPU (max abs diff of mean embeddings, t6_8M goldens; bound 1e-5 for fp32)"
status=0
fasta="${shared}/data/esm2/golden_inputs.fasta"
model="${shared}/data/esm2/t6_8M/hf"
"${pllm[@]}" embed --model "${model}" --fasta "${fasta}" --level protein --out "${work}/cpu.tsv" > "${work}/cpu.log" 2>&1 \
  || fail "the CPU reference run failed: $(tail -n 3 "${work}/cpu.log")"
for precision in fp32 bf16; do
  if "${pllm[@]}" embed --model "${model}" --fasta "${fasta}" --level protein --device cuda --precision "${precision}" \
      --out "${work}/cuda-${precision}.tsv" > "${work}/cuda-${precision}.log" 2>&1; then
    diff="$(paste "${work}/cpu.tsv" "${work}/cuda-${precision}.tsv" | awk -F'\t' '{ n = (NF - 2) / 2; for (i = 2; i <= n + 1; i++) { d = $i - $(i + n + 1); if (d < 0) d = -d; if (d > m) m = d } } END { printf "%.3g", m }')"
    log "cuda ${precision}: max abs diff ${diff} vs cpu fp32"
    if [[ "${precision}" == fp32 ]] && awk -v d="${diff}" 'BEGIN { exit !(d > 1e-5) }'; then
      status=1
    fi
  else
    log "cuda ${precision}: FAILED: $(tail -n 2 "${work}/cuda-${precision}.log" | tr '\n' ' ')"
    status=1
  fi
done

log "## ONNX route: pllm model export-onnx (no Python), then ONNX Runtime's CUDA provider (needs Microsoft.ML.OnnxRuntime.Gpu.Linux in place of the CPU build)"
if "${pllm[@]}" model export-onnx "${model}" --out "${work}/t6.onnx" > "${work}/export.log" 2>&1 \
    && "${pllm[@]}" embed --model "${work}/t6.onnx" --fasta "${fasta}" --level protein --device cuda --out "${work}/onnx-cuda.tsv" > "${work}/onnx-cuda.log" 2>&1; then
  diff="$(paste "${work}/cpu.tsv" "${work}/onnx-cuda.tsv" | awk -F'\t' '{ n = (NF - 2) / 2; for (i = 2; i <= n + 1; i++) { d = $i - $(i + n + 1); if (d < 0) d = -d; if (d > m) m = d } } END { printf "%.3g", m }')"
  log "onnx cuda fp32: max abs diff ${diff} vs TorchSharp cpu fp32"
else
  log "onnx cuda: FAILED: $(tail -n 2 "${work}/export.log" "${work}/onnx-cuda.log" 2>/dev/null | tr '\n' ' ')"
  status=1
fi

log "## ESM exactness tests (the test suite, CPU and GPU where the code picks it)"
dotnet test "${root}/tests/Esm" -c Release --no-build 2>&1 | tail -n 3 | tee -a "${results}" || status=1

log "## benchmarks (ESM t6/t33, mapping, Harmony)"
(cd "${root}" && dotnet run -c Release --project benchmarks -- \
    --filter '*EsmT6EmbeddingBenchmarks*' '*EsmT33EmbeddingBenchmarks*' '*MappingBenchmarks*' '*HarmonyBenchmarks*' 2>&1) \
  | grep -E '^\|' | tee -a "${results}" || status=1

log "## done: exit ${status}; results in ${results}"
exit "${status}"
