/**
 * The CPU backend: {@link gradiente.tensor.cpu.ReferenceBackend} (scalar loops, the semantic reference)
 * and {@link gradiente.tensor.cpu.CpuBackend} (SIMD, multi-threaded, packed GEMM).
 */
package gradiente.tensor.cpu;
