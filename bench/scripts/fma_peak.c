/*
 * One core's float32 FMA peak and clock, for reading GEMM figures: 12 independent 256-bit FMA chains
 * (enough to cover a 4-cycle latency on two FMA pipes) in hand-written assembly, and a chain of
 * dependent integer adds (one per cycle) for the clock. The compiler cannot spill or reorder either.
 *   gcc -O2 bench/scripts/fma_peak.c -o /tmp/fma_peak && /tmp/fma_peak
 * Prints `fma_peak gflops=G clock_ghz=F flop_per_cycle=R` for the calling thread (x86-64, AVX2+FMA).
 */
#include <stdio.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(void) {
    long n = 1000000000L, x = 0;
    double t0 = now();
    for (long i = 0; i < n; i++) {
        __asm__ volatile("add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0" : "+r"(x));
    }
    double ghz = 4.0 * n / (now() - t0) / 1e9;
    long m = 500000000L, iters = m;
    t0 = now();
    __asm__ volatile(
        "vxorps %%ymm0,%%ymm0,%%ymm0\n vxorps %%ymm1,%%ymm1,%%ymm1\n vxorps %%ymm2,%%ymm2,%%ymm2\n"
        "vxorps %%ymm3,%%ymm3,%%ymm3\n vxorps %%ymm4,%%ymm4,%%ymm4\n vxorps %%ymm5,%%ymm5,%%ymm5\n"
        "vxorps %%ymm6,%%ymm6,%%ymm6\n vxorps %%ymm7,%%ymm7,%%ymm7\n vxorps %%ymm8,%%ymm8,%%ymm8\n"
        "vxorps %%ymm9,%%ymm9,%%ymm9\n vxorps %%ymm10,%%ymm10,%%ymm10\n vxorps %%ymm11,%%ymm11,%%ymm11\n"
        "1:\n"
        "vfmadd231ps %%ymm14,%%ymm15,%%ymm0\n vfmadd231ps %%ymm14,%%ymm15,%%ymm1\n"
        "vfmadd231ps %%ymm14,%%ymm15,%%ymm2\n vfmadd231ps %%ymm14,%%ymm15,%%ymm3\n"
        "vfmadd231ps %%ymm14,%%ymm15,%%ymm4\n vfmadd231ps %%ymm14,%%ymm15,%%ymm5\n"
        "vfmadd231ps %%ymm14,%%ymm15,%%ymm6\n vfmadd231ps %%ymm14,%%ymm15,%%ymm7\n"
        "vfmadd231ps %%ymm14,%%ymm15,%%ymm8\n vfmadd231ps %%ymm14,%%ymm15,%%ymm9\n"
        "vfmadd231ps %%ymm14,%%ymm15,%%ymm10\n vfmadd231ps %%ymm14,%%ymm15,%%ymm11\n"
        "dec %0\n jnz 1b\n"
        : "+r"(m)::"xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
          "xmm11");
    double gflops = 12.0 * 16 * iters / (now() - t0) / 1e9;
    printf("fma_peak gflops=%.1f clock_ghz=%.2f flop_per_cycle=%.1f\n", gflops, ghz, gflops / ghz);
    return 0;
}
