// Shared definitions of the gradiente CUDA kernels: the strided layout passed by value to every
// kernel (mirrors gradiente.tensor.Layout after coalescing) and the scalar semantics that must agree
// with UnaryOp.apply, BinaryOp.apply and ReduceOp.combine on the Java side.
#pragma once
#include <cstdint>

#define GR_MAX_RANK 8

// Shape, strides and offset of one tensor: element `flat` (row-major) lives at pos(l, flat).
// Packed on the Java side by gradiente.cuda.LayoutPack as 18 ints in this order.
struct Lay {
    int rank;
    int offset;
    int shape[GR_MAX_RANK];
    int stride[GR_MAX_RANK];
};

__device__ __forceinline__ long long gr_pos(const Lay& l, long long flat) {
    long long p = l.offset;
    for (int d = l.rank - 1; d >= 0; --d) {
        int n = l.shape[d];
        p += (flat % n) * (long long) l.stride[d];
        flat /= n;
    }
    return p;
}

#define GR_FOR(i, n) \
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
         i += (long long) gridDim.x * blockDim.x)

// Java's Math.max / Math.min: NaN wins.
template <typename T> __device__ __forceinline__ T gr_max(T a, T b) {
    return a != a ? a : (b != b ? b : (a > b ? a : b));
}
template <typename T> __device__ __forceinline__ T gr_min(T a, T b) {
    return a != a ? a : (b != b ? b : (a < b ? a : b));
}

// UnaryOp.pow: the common exponents exactly.
template <typename T> __device__ __forceinline__ T gr_pow(T x, T p) {
    if (p == T(2)) return x * x;
    if (p == T(1)) return x;
    if (p == T(0.5)) return sqrt(x);
    if (p == T(-1)) return T(1) / x;
    return pow(x, p);
}
