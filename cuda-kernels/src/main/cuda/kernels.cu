// The one translation unit of gradiente's CUDA kernels; build-fatbin.sh compiles it into
// src/main/resources/gradiente/cuda/kernels.fatbin (SASS for sm_80 and sm_90, PTX for newer GPUs).
// Every kernel is extern "C" so that the Java side finds it by its plain name (cuModuleGetFunction).
#include "elementwise.cuh"
#include "reduce.cuh"
#include "gemm.cuh"
#include "index.cuh"
#include "conv.cuh"
#include "pool.cuh"
