#!/usr/bin/env bash
# Rebuilds src/main/resources/gradiente/cuda/kernels.fatbin from the CUDA sources in this folder when
# they changed (Maven runs this in generate-resources). Without nvcc it keeps the committed fatbin and
# warns when that is stale; FatbinHashTest then fails, so a stale binary never passes unnoticed.
#
# Outputs (committed): kernels.fatbin, kernels.manifest (the kernel entry names found in its PTX, one
# per line, sorted) and kernels.sha256 ("sources <hash>", "fatbin <hash>", "nvcc <version>").
# The sources hash is SHA-256 over, for each *.cu, *.cuh and *.sh file here in byte order of names,
# the name, a newline and the file's bytes (FatbinHashTest computes the same).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../resources/gradiente/cuda"
mkdir -p "$out"
cd "$here"

sources_hash() {
  local f
  for f in $(ls -1 -- *.cu *.cuh *.sh | LC_ALL=C sort); do
    printf '%s\n' "$f"
    cat -- "$f"
  done | sha256sum | cut -d' ' -f1
}

want=$(sources_hash)
have=$(awk '$1 == "sources" {print $2}' "$out/kernels.sha256" 2>/dev/null || true)
if [ "$want" = "$have" ] && [ -f "$out/kernels.fatbin" ]; then
  echo "build-fatbin: kernels.fatbin is up to date"
  exit 0
fi

nvcc=${NVCC:-}
if [ -z "$nvcc" ]; then
  if command -v nvcc >/dev/null 2>&1; then nvcc=$(command -v nvcc)
  elif [ -x /usr/local/cuda/bin/nvcc ]; then nvcc=/usr/local/cuda/bin/nvcc
  fi
fi
if [ -z "$nvcc" ]; then
  echo "build-fatbin: WARNING: the CUDA sources changed but nvcc was not found; keeping the committed" \
       "kernels.fatbin, which is now stale (FatbinHashTest will fail until it is rebuilt with nvcc)" >&2
  exit 0
fi

echo "build-fatbin: compiling kernels.cu with $nvcc"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# SASS for A100 (sm_80) and H100/H200 (sm_90); PTX for compute_80 so newer GPUs JIT-compile it.
# -no-compress keeps the PTX text readable, so the manifest and its test need no cuobjdump.
"$nvcc" -fatbin -no-compress -O3 -std=c++17 \
  -gencode arch=compute_80,code=sm_80 \
  -gencode arch=compute_90,code=sm_90 \
  -gencode arch=compute_80,code=compute_80 \
  -o "$tmp/kernels.fatbin" kernels.cu
LC_ALL=C grep -a -o '\.entry [A-Za-z_][A-Za-z0-9_]*' "$tmp/kernels.fatbin" | cut -d' ' -f2 | LC_ALL=C sort -u \
  > "$tmp/kernels.manifest"
[ -s "$tmp/kernels.manifest" ] || { echo "build-fatbin: no kernel entries found in the PTX" >&2; exit 1; }
version=$("$nvcc" --version | sed -n 's/.*release \([0-9.]*\).*/\1/p' | head -n1)
{
  echo "sources $want"
  echo "fatbin $(sha256sum "$tmp/kernels.fatbin" | cut -d' ' -f1)"
  echo "nvcc $version"
} > "$tmp/kernels.sha256"
mv "$tmp/kernels.fatbin" "$tmp/kernels.manifest" "$tmp/kernels.sha256" "$out/"
echo "build-fatbin: wrote $(wc -l < "$out/kernels.manifest") kernels to $out/kernels.fatbin"
