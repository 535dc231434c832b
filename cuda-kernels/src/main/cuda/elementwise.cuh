// Element-wise kernels over arbitrary strided layouts (broadcast views have stride 0): copy with
// dtype conversion, fill, unary maps (UnaryOp), binary maps (BinaryOp) and where.
#pragma once
#include "common.cuh"

// Codes: gradiente.cuda.OpCodes.unary (one per UnaryOp constant).
template <typename T> __device__ T gr_unary(int op, T x, T p, T q) {
    switch (op) {
        case 0: return x;
        case 1: return -x;
        case 2: return fabs(x);
        case 3: return x > T(0) ? T(1) : (x < T(0) ? T(-1) : x);
        case 4: return exp(x);
        case 5: return log(x);
        case 6: return sqrt(x);
        case 7: return x * x;
        case 8: return T(1) / x;
        case 9: {
            if (x >= T(0)) return T(1) / (T(1) + exp(-x));
            T e = exp(x);
            return e / (T(1) + e);
        }
        case 10: return tanh(x);
        case 11: return x > T(0) ? x : T(0);
        case 12: return x > T(0) ? x : p * x;
        case 13: return p * x + q;
        case 14: return gr_pow(x, p);
        case 15: return gr_min(gr_max(x, p), q);
        case 16: return x > p ? T(1) : T(0);
        case 17: return x > T(0) ? x + log1p(exp(-x)) : log1p(exp(x));
        case 18: return x != x ? T(1) : T(0);
        default: return x;
    }
}

// Codes: gradiente.cuda.OpCodes.binary (one per BinaryOp constant).
template <typename T> __device__ T gr_binary(int op, T a, T b) {
    switch (op) {
        case 0: return a + b;
        case 1: return a - b;
        case 2: return a * b;
        case 3: return a / b;
        case 4: return gr_pow(a, b);
        case 5: return gr_max(a, b);
        case 6: return gr_min(a, b);
        case 7: return a == b ? T(1) : T(0);
        case 8: return a != b ? T(1) : T(0);
        case 9: return a > b ? T(1) : T(0);
        case 10: return a >= b ? T(1) : T(0);
        case 11: return a < b ? T(1) : T(0);
        case 12: return a <= b ? T(1) : T(0);
        default: return a;
    }
}

#define GR_COPY(NAME, S, D) \
extern "C" __global__ void NAME(const S* src, Lay ls, D* dst, Lay ld, long long n) { \
    GR_FOR(i, n) { dst[gr_pos(ld, i)] = (D) src[gr_pos(ls, i)]; } \
}
GR_COPY(gr_copy_f32_f32, float, float)
GR_COPY(gr_copy_f32_f64, float, double)
GR_COPY(gr_copy_f64_f32, double, float)
GR_COPY(gr_copy_f64_f64, double, double)

#define GR_ELEMENTWISE(SUFFIX, T) \
extern "C" __global__ void gr_fill_##SUFFIX(T* dst, Lay ld, T value, long long n) { \
    GR_FOR(i, n) { dst[gr_pos(ld, i)] = value; } \
} \
extern "C" __global__ void gr_unary_##SUFFIX(int op, T p, T q, const T* x, Lay lx, T* out, Lay lo, long long n) { \
    GR_FOR(i, n) { out[gr_pos(lo, i)] = gr_unary<T>(op, x[gr_pos(lx, i)], p, q); } \
} \
extern "C" __global__ void gr_binary_##SUFFIX(int op, const T* a, Lay la, const T* b, Lay lb, T* out, Lay lo, \
                                              long long n) { \
    GR_FOR(i, n) { out[gr_pos(lo, i)] = gr_binary<T>(op, a[gr_pos(la, i)], b[gr_pos(lb, i)]); } \
} \
extern "C" __global__ void gr_where_##SUFFIX(const T* c, Lay lc, const T* a, Lay la, const T* b, Lay lb, T* out, \
                                             Lay lo, long long n) { \
    GR_FOR(i, n) { out[gr_pos(lo, i)] = c[gr_pos(lc, i)] != T(0) ? a[gr_pos(la, i)] : b[gr_pos(lb, i)]; } \
}
GR_ELEMENTWISE(f32, float)
GR_ELEMENTWISE(f64, double)
