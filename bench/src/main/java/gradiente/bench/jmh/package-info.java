/**
 * JMH benchmarks (GEMM at square sizes, element-wise maps, zips and reductions), fast CPU backend
 * against the scalar reference. How to build and run them: {@code bench/README.md}.
 */
package gradiente.bench.jmh;
