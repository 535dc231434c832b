// gather and scatterAdd along one dimension. `index` has out's (gather) or src's (scatterAdd) shape;
// its values must be integers in [0, bound). The first bad flat position is recorded in *err
// (initialised to INT_MAX by the caller), which the Java side turns into an error naming the op.
#pragma once
#include "common.cuh"

// Storage position in `target` of index-shape element `flat`, with coordinate `dim` replaced by k.
__device__ __forceinline__ long long gr_pos_replacing(const Lay& shapeOf, const Lay& target, long long flat,
                                                      int dim, int k) {
    long long p = target.offset;
    for (int d = shapeOf.rank - 1; d >= 0; --d) {
        int n = shapeOf.shape[d];
        int c = (int) (flat % n);
        flat /= n;
        p += (long long) (d == dim ? k : c) * target.stride[d];
    }
    return p;
}

#define GR_INDEX(SUFFIX, T) \
extern "C" __global__ void gr_gather_##SUFFIX(const T* x, Lay lx, int dim, int bound, const T* index, Lay li, \
                                              T* out, Lay lo, long long n, int* err) { \
    GR_FOR(f, n) { \
        T v = index[gr_pos(li, f)]; \
        int k = (int) v; \
        if ((T) k != v || k < 0 || k >= bound) { atomicMin(err, (int) f); continue; } \
        out[gr_pos(lo, f)] = x[gr_pos_replacing(li, lx, f, dim, k)]; \
    } \
} \
extern "C" __global__ void gr_scatter_add_##SUFFIX(T* out, Lay lo, int dim, int bound, const T* index, Lay li, \
                                                   const T* src, Lay ls, long long n, int* err) { \
    GR_FOR(f, n) { \
        T v = index[gr_pos(li, f)]; \
        int k = (int) v; \
        if ((T) k != v || k < 0 || k >= bound) { atomicMin(err, (int) f); continue; } \
        atomicAdd(out + gr_pos_replacing(li, lo, f, dim, k), src[gr_pos(ls, f)]); \
    } \
}
GR_INDEX(f32, float)
GR_INDEX(f64, double)
