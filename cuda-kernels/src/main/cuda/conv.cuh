// im2col and its adjoint for the GEMM fallback of convolution (used when cuDNN does not load or the
// padding is asymmetric). cols is a contiguous [C*kH*kW, N*Ho*Wo] matrix: row (c, u, v), column
// (n, i, j) holds x[n][c][i*sH + u*dH - padTop][j*sW + v*dW - padLeft] (zero outside), so that
// conv2d is W[O, C*kH*kW] @ cols (seed 000 eq. 5) per group.
#pragma once
#include "common.cuh"

struct ConvDims {
    int n, c, h, w, kh, kw, ho, wo;
    int sh, sw, padTop, padLeft, dh, dw;
};

#define GR_CONV(SUFFIX, T) \
extern "C" __global__ void gr_im2col_##SUFFIX(const T* x, Lay lx, ConvDims g, T* cols, long long total) { \
    long long spatial = (long long) g.n * g.ho * g.wo; \
    GR_FOR(e, total) { \
        long long col = e % spatial, row = e / spatial; \
        int j = (int) (col % g.wo), i = (int) ((col / g.wo) % g.ho), n = (int) (col / ((long long) g.wo * g.ho)); \
        int v = (int) (row % g.kw), u = (int) ((row / g.kw) % g.kh), c = (int) (row / ((long long) g.kw * g.kh)); \
        int y = i * g.sh + u * g.dh - g.padTop, xx = j * g.sw + v * g.dw - g.padLeft; \
        T val = T(0); \
        if (y >= 0 && y < g.h && xx >= 0 && xx < g.w) \
            val = x[lx.offset + (long long) n * lx.stride[0] + (long long) c * lx.stride[1] \
                    + (long long) y * lx.stride[2] + (long long) xx * lx.stride[3]]; \
        cols[e] = val; \
    } \
} \
extern "C" __global__ void gr_col2im_##SUFFIX(const T* cols, ConvDims g, T* gin, Lay lg, long long total) { \
    long long spatial = (long long) g.n * g.ho * g.wo; \
    GR_FOR(e, total) { \
        int xx = (int) (e % g.w), y = (int) ((e / g.w) % g.h); \
        int c = (int) ((e / ((long long) g.w * g.h)) % g.c), n = (int) (e / ((long long) g.w * g.h * g.c)); \
        T acc = T(0); \
        for (int u = 0; u < g.kh; ++u) { \
            int ty = y + g.padTop - u * g.dh; \
            if (ty < 0 || ty % g.sh != 0 || ty / g.sh >= g.ho) continue; \
            int i = ty / g.sh; \
            for (int v = 0; v < g.kw; ++v) { \
                int tx = xx + g.padLeft - v * g.dw; \
                if (tx < 0 || tx % g.sw != 0 || tx / g.sw >= g.wo) continue; \
                int j = tx / g.sw; \
                long long row = ((long long) c * g.kh + u) * g.kw + v; \
                acc += cols[row * spatial + ((long long) n * g.ho + i) * g.wo + j]; \
            } \
        } \
        gin[lg.offset + (long long) n * lg.stride[0] + (long long) c * lg.stride[1] + (long long) y * lg.stride[2] \
            + (long long) xx * lg.stride[3]] = acc; \
    } \
}
GR_CONV(f32, float)
GR_CONV(f64, double)
