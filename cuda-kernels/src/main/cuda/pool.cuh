// 2-D pooling over NCHW (PoolMode: 0 MAX, 1 AVG_INCLUDE_PAD, 2 AVG_EXCLUDE_PAD, 3 MIN). MAX and MIN
// record the flat in-plane index y*W + x of the chosen element (first on ties, NaN wins, padding never
// wins), which the backward pass routes the gradient to. The backward kernels accumulate with
// atomicAdd into a gradIn that the caller has zeroed.
#pragma once
#include "common.cuh"

struct PoolDims {
    int n, c, h, w, ho, wo, kh, kw, sh, sw, ph, pw;
};

__device__ __forceinline__ long long gr_pos4(const Lay& l, int a, int b, int c, int d) {
    return l.offset + (long long) a * l.stride[0] + (long long) b * l.stride[1] + (long long) c * l.stride[2]
           + (long long) d * l.stride[3];
}

#define GR_POOL(SUFFIX, T) \
extern "C" __global__ void gr_pool2d_##SUFFIX(int mode, const T* x, Lay lx, PoolDims g, T* out, Lay lo, T* arg, \
                                              Lay la, int hasArg, long long total) { \
    GR_FOR(e, total) { \
        int j = (int) (e % g.wo), i = (int) ((e / g.wo) % g.ho); \
        int ch = (int) ((e / ((long long) g.wo * g.ho)) % g.c), b = (int) (e / ((long long) g.wo * g.ho * g.c)); \
        bool extreme = mode == 0 || mode == 3; \
        T acc = T(0); \
        int best = -1, count = 0; \
        for (int u = 0; u < g.kh; ++u) { \
            int y = i * g.sh + u - g.ph; \
            for (int v = 0; v < g.kw; ++v) { \
                int xx = j * g.sw + v - g.pw; \
                if (y < 0 || y >= g.h || xx < 0 || xx >= g.w) continue; \
                T val = x[gr_pos4(lx, b, ch, y, xx)]; \
                ++count; \
                if (!extreme) { acc += val; } \
                else if (best < 0 || (acc == acc && (val != val || (mode == 0 ? val > acc : val < acc)))) { \
                    acc = val; best = y * g.w + xx; \
                } \
            } \
        } \
        if (mode == 1) acc /= (T) (g.kh * g.kw); \
        else if (mode == 2) acc /= (T) count; \
        out[gr_pos4(lo, b, ch, i, j)] = acc; \
        if (hasArg) arg[gr_pos4(la, b, ch, i, j)] = (T) best; \
    } \
} \
extern "C" __global__ void gr_pool2d_backward_##SUFFIX(int mode, const T* gout, Lay lgo, const T* arg, Lay la, \
                                                       PoolDims g, T* gin, Lay lgi, long long total) { \
    GR_FOR(e, total) { \
        int j = (int) (e % g.wo), i = (int) ((e / g.wo) % g.ho); \
        int ch = (int) ((e / ((long long) g.wo * g.ho)) % g.c), b = (int) (e / ((long long) g.wo * g.ho * g.c)); \
        T go = gout[gr_pos4(lgo, b, ch, i, j)]; \
        if (mode == 0 || mode == 3) { \
            int k = (int) arg[gr_pos4(la, b, ch, i, j)]; \
            atomicAdd(gin + gr_pos4(lgi, b, ch, k / g.w, k % g.w), go); \
            continue; \
        } \
        int count = 0; \
        for (int u = 0; u < g.kh; ++u) \
            for (int v = 0; v < g.kw; ++v) { \
                int y = i * g.sh + u - g.ph, xx = j * g.sw + v - g.pw; \
                if (y >= 0 && y < g.h && xx >= 0 && xx < g.w) ++count; \
            } \
        T share = go / (T) (mode == 1 ? g.kh * g.kw : count); \
        for (int u = 0; u < g.kh; ++u) \
            for (int v = 0; v < g.kw; ++v) { \
                int y = i * g.sh + u - g.ph, xx = j * g.sw + v - g.pw; \
                if (y >= 0 && y < g.h && xx >= 0 && xx < g.w) atomicAdd(gin + gr_pos4(lgi, b, ch, y, xx), share); \
            } \
    } \
}
GR_POOL(f32, float)
GR_POOL(f64, double)
