// Reductions (ReduceOp: 0 SUM, 1 MAX, 2 MIN) and arg-reductions. `kept` is x's layout restricted to
// the kept dimensions (out's shape, x's strides and offset), `inner` the reduced dimensions (offset 0):
// output o reads x at pos(kept, o) + pos(inner, i) for every i. Sums accumulate in double (as the
// reference backend does); MAX and MIN propagate NaN like ReduceOp.combine.
#pragma once
#include "common.cuh"

template <typename A> __device__ __forceinline__ A gr_combine(int op, A acc, A x) {
    if (op == 0) return acc + x;
    if (acc != acc) return acc;
    if (x != x) return x;
    return op == 1 ? (x > acc ? x : acc) : (x < acc ? x : acc);
}

template <typename A> __device__ __forceinline__ A gr_identity(int op) {
    return op == 0 ? A(0) : (op == 1 ? A(-INFINITY) : A(INFINITY));
}

// One thread per output: for short reductions (inner < 64) and many outputs.
#define GR_REDUCE(SUFFIX, T, A) \
extern "C" __global__ void gr_reduce_thread_##SUFFIX(int op, const T* x, Lay kept, Lay inner, long long innerN, \
                                                     T* out, Lay lo, long long outer) { \
    GR_FOR(o, outer) { \
        long long base = gr_pos(kept, o); \
        A acc = gr_identity<A>(op); \
        for (long long i = 0; i < innerN; ++i) acc = gr_combine<A>(op, acc, (A) x[base + gr_pos(inner, i)]); \
        out[gr_pos(lo, o)] = (T) acc; \
    } \
} \
extern "C" __global__ void gr_reduce_block_##SUFFIX(int op, const T* x, Lay kept, Lay inner, long long innerN, \
                                                    T* out, Lay lo, long long outer) { \
    __shared__ A part[256]; \
    for (long long o = blockIdx.x; o < outer; o += gridDim.x) { \
        long long base = gr_pos(kept, o); \
        A acc = gr_identity<A>(op); \
        for (long long i = threadIdx.x; i < innerN; i += blockDim.x) \
            acc = gr_combine<A>(op, acc, (A) x[base + gr_pos(inner, i)]); \
        part[threadIdx.x] = acc; \
        __syncthreads(); \
        for (int s = blockDim.x / 2; s > 0; s >>= 1) { \
            if (threadIdx.x < s) part[threadIdx.x] = gr_combine<A>(op, part[threadIdx.x], part[threadIdx.x + s]); \
            __syncthreads(); \
        } \
        if (threadIdx.x == 0) out[gr_pos(lo, o)] = (T) part[0]; \
        __syncthreads(); \
    } \
} \
extern "C" __global__ void gr_argreduce_##SUFFIX(int op, const T* x, Lay kept, int n, int stride, T* out, Lay lo, \
                                                 long long outer) { \
    GR_FOR(o, outer) { \
        long long base = gr_pos(kept, o); \
        int best = 0; \
        T bestValue = x[base]; \
        for (int i = 1; i < n && bestValue == bestValue; ++i) { \
            T v = x[base + (long long) i * stride]; \
            bool better = v != v || (op == 1 ? v > bestValue : v < bestValue); \
            if (better) { best = i; bestValue = v; } \
        } \
        out[gr_pos(lo, o)] = (T) best; \
    } \
}
GR_REDUCE(f32, float, double)
GR_REDUCE(f64, double, double)
