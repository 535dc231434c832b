#!/bin/bash
# Runs a gradiente bench command and its PyTorch peer alternately, ROUNDS times, so that both sides see the
# same machine (a shared VM's speed drifts by 2x within minutes). Prints every line with the round number.
#   bench/scripts/back_to_back.sh 3 "bench dcgan" "bench/scripts/torch_dcgan.py --bench"
#   bench/scripts/back_to_back.sh 3 "bench gemm --size 256,512,1024,2048" "bench/scripts/torch_gemm.py --size 256,512,1024,2048"
# GRADIENTE (default: ./gradiente in the repository) and PYTHON (default /usr/bin/python3) can be overridden.
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 ROUNDS 'gradiente args' 'peer script and args'" >&2
  exit 2
fi
root="$(cd "$(dirname "$0")/../.." && pwd)"
gradiente="${GRADIENTE:-$root/gradiente}"
python="${PYTHON:-/usr/bin/python3}"
for r in $(seq 1 "$1"); do
  # shellcheck disable=SC2086
  "$gradiente" $2 2>&1 | grep -v '^WARNING' | sed "s/^/round=$r side=gradiente /"
  # shellcheck disable=SC2086
  (cd "$root" && "$python" $3) 2>&1 | sed "s/^/round=$r side=torch /"
done
