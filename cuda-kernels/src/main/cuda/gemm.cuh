// Batched matrix product out[b] = a[b] @ b[b] with arbitrary strides (transposed and broadcast views
// need no copy). a [M, K] element (i, p) at offA(b) + i*sam + p*sak; b [K, N] at offB(b) + p*sbk + j*sbn;
// out [M, N] at offO(b) + i*som + j*son. The batch offsets come from the batch layouts (all but the
// last two dimensions), whose shapes agree.
#pragma once
#include "common.cuh"

struct GemmDims {
    int m, n, k;
    int sam, sak, sbk, sbn, som, son;
};

// float32: 64x64 output tile per block of 256 threads, 4x4 outputs per thread, K in steps of 16
// through shared memory. Threads own rows ty + 16*r and columns tx + 16*c so that shared-memory reads
// of B are conflict-free and global writes are coalesced.
#define GR_BM 64
#define GR_BN 64
#define GR_BK 16
extern "C" __global__ void __launch_bounds__(256)
gr_gemm_f32(const float* a, Lay ba, const float* b, Lay bb, float* out, Lay bo, GemmDims d, int batches) {
    __shared__ float as[GR_BK][GR_BM + 1];
    __shared__ float bs[GR_BK][GR_BN + 1];
    const int tx = threadIdx.x % 16, ty = threadIdx.x / 16;
    const int row0 = blockIdx.y * GR_BM, col0 = blockIdx.x * GR_BN;
    for (int batch = blockIdx.z; batch < batches; batch += gridDim.z) {
        const float* pa = a + gr_pos(ba, batch);
        const float* pb = b + gr_pos(bb, batch);
        float* po = out + gr_pos(bo, batch);
        float acc[4][4] = {};
        for (int k0 = 0; k0 < d.k; k0 += GR_BK) {
            for (int e = threadIdx.x; e < GR_BM * GR_BK; e += 256) {
                int mi = e / GR_BK, ki = e % GR_BK;
                int gi = row0 + mi, gk = k0 + ki;
                as[ki][mi] = (gi < d.m && gk < d.k) ? pa[(long long) gi * d.sam + (long long) gk * d.sak] : 0.f;
                int kj = e / GR_BN, nj = e % GR_BN;
                int gk2 = k0 + kj, gj = col0 + nj;
                bs[kj][nj] = (gk2 < d.k && gj < d.n) ? pb[(long long) gk2 * d.sbk + (long long) gj * d.sbn] : 0.f;
            }
            __syncthreads();
#pragma unroll
            for (int kk = 0; kk < GR_BK; ++kk) {
                float av[4], bv[4];
#pragma unroll
                for (int r = 0; r < 4; ++r) av[r] = as[kk][ty + 16 * r];
#pragma unroll
                for (int c = 0; c < 4; ++c) bv[c] = bs[kk][tx + 16 * c];
#pragma unroll
                for (int r = 0; r < 4; ++r)
#pragma unroll
                    for (int c = 0; c < 4; ++c) acc[r][c] = fmaf(av[r], bv[c], acc[r][c]);
            }
            __syncthreads();
        }
#pragma unroll
        for (int r = 0; r < 4; ++r) {
            int gi = row0 + ty + 16 * r;
#pragma unroll
            for (int c = 0; c < 4; ++c) {
                int gj = col0 + tx + 16 * c;
                if (gi < d.m && gj < d.n) po[(long long) gi * d.som + (long long) gj * d.son] = acc[r][c];
            }
        }
    }
}

// float64: plain 16x16 shared-memory tiles (gradient checks, not speed).
extern "C" __global__ void gr_gemm_f64(const double* a, Lay ba, const double* b, Lay bb, double* out, Lay bo,
                                       GemmDims d, int batches) {
    __shared__ double as[16][17];
    __shared__ double bs[16][17];
    const int tx = threadIdx.x % 16, ty = threadIdx.x / 16;
    const int i = blockIdx.y * 16 + ty, j = blockIdx.x * 16 + tx;
    for (int batch = blockIdx.z; batch < batches; batch += gridDim.z) {
        const double* pa = a + gr_pos(ba, batch);
        const double* pb = b + gr_pos(bb, batch);
        double* po = out + gr_pos(bo, batch);
        double acc = 0;
        for (int k0 = 0; k0 < d.k; k0 += 16) {
            as[ty][tx] = (i < d.m && k0 + tx < d.k) ? pa[(long long) i * d.sam + (long long) (k0 + tx) * d.sak] : 0.0;
            bs[ty][tx] = (k0 + ty < d.k && j < d.n) ? pb[(long long) (k0 + ty) * d.sbk + (long long) j * d.sbn] : 0.0;
            __syncthreads();
            for (int kk = 0; kk < 16; ++kk) acc = fma(as[ty][kk], bs[kk][tx], acc);
            __syncthreads();
        }
        if (i < d.m && j < d.n) po[(long long) i * d.som + (long long) j * d.son] = acc;
    }
}
