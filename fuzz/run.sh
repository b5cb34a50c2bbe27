#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each (default 30), one
# after the other, from the seeds of fuzz/seed.sh. cargo-fuzz needs nightly
# compiler flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them.
# A crash stops the run with libFuzzer's report and the input saved under
# fuzz/artifacts/TARGET/: turn it into a regression test.
#   fuzz/run.sh                 # every target, 30 s each
#   FUZZ_SECONDS=3600 fuzz/run.sh text akn
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-30}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(text akn extract_file sparql graph index)
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
fuzz/seed.sh
export RUSTC_BOOTSTRAP=1
cargo fuzz build
for t in "${targets[@]}"; do
  echo "fuzz: $t for ${seconds}s"
  cargo fuzz run "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -max_len=16384 -timeout=60 -rss_limit_mb=2048 -print_final_stats=1
done
