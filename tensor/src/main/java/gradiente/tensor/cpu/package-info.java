/**
 * The CPU backend: {@link gradiente.tensor.cpu.ReferenceBackend} (scalar loops, the semantic reference)
 * and {@link gradiente.tensor.cpu.CpuBackend} (SIMD, multi-threaded, packed GEMM), chosen by
 * {@link gradiente.tensor.cpu.CpuProvider}. {@link gradiente.tensor.cpu.VectorSupport} checks that the Vector API
 * ({@code --add-modules jdk.incubator.vector}) is readable before any class importing it is loaded.
 *
 * <p>Matrix products: {@code PackedGemm} runs the Goto/BLIS loops over {@code GemmF32}/{@code GemmF64}
 * micro-kernels whose register tile and cache blocks ({@code GemmBlocking}) are chosen at start-up from
 * the vector shape ({@code CpuVectors}, capped by {@code -Dgradiente.vectorBits}) and the cache sizes
 * ({@code CacheSizes}, from sysfs).
 *
 * <p>Convolutions of the fast backend (float32; float64 goes to the reference): {@code CpuConv} plans and
 * threads them, {@code Im2col} builds column matrices for the packed GEMM, {@code ConvPhases} computes
 * input gradients and transposed convolutions as one stride-1 correlation per stride phase, and
 * {@code ConvDirect} handles layers with one to four output channels per group without a GEMM.
 * {@code CpuPool} pools planes in parallel with results identical to the reference's.
 */
package gradiente.tensor.cpu;
