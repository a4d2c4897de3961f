#!/usr/bin/env bash
# The long fuzz campaign of issue #12: INPUTS mutated inputs per seed (default 5000) from the fixed seed and from
# SEED (default: today's rotating seed), i.e. 2 x INPUTS per format, every target or those in TARGETS (comma-separated
# names, e.g. TARGETS=h5ad,torch-checkpoint). Writes one TSV line per target and seed to REPORT (default
# artifacts/fuzz-campaign.tsv) and saves failing inputs under REPRODUCERS (default artifacts/fuzz-reproducers).
# Exit status 0 when no input was untyped, hung, over-allocated or silently misread.
set -euo pipefail
cd "$(dirname "$0")/../.."
report=${REPORT:-$PWD/artifacts/fuzz-campaign.tsv}
mkdir -p "$(dirname "$report")"
rm -f "$report"
export FUZZ_INPUTS=${INPUTS:-5000} FUZZ_REPORT=$report FUZZ_REPRODUCERS=${REPRODUCERS:-$PWD/artifacts/fuzz-reproducers}
[ -n "${SEED:-}" ] && export FUZZ_SEED=$SEED
[ -n "${TARGETS:-}" ] && export FUZZ_TARGET=$TARGETS
build=()
[ -n "${NO_BUILD:-}" ] && build=(--no-build)
set +e
dotnet test tests/Fuzz -c "${CONFIGURATION:-Debug}" "${build[@]}" --filter "Category=Fuzz" \
  -- RunConfiguration.TestSessionTimeout=86400000 2>&1 | grep -E '^(fuzz:|seed [0-9]+ input|Passed!|Failed!)'
status=${PIPESTATUS[0]}
set -e
column -t "$report"
exit "$status"
