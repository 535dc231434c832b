/**
 * The CUDA backend of gradiente: {@link gradiente.cuda.CudaBackend} implements every kernel of
 * {@link gradiente.tensor.Backend} on an NVIDIA GPU through JCuda (driver API), with tensors resident
 * in device memory ({@link gradiente.cuda.CudaStorage}, a {@link gradiente.cuda.CachingAllocator},
 * {@link gradiente.cuda.CudaScope}). Kernels are the project's own CUDA C ({@code src/main/cuda}),
 * compiled by nvcc into a committed fatbin; convolutions use cuDNN when it loads, GEMM uses cuBLAS when
 * JCublas2 loads, and the project's kernels otherwise. {@link gradiente.cuda.CudaProvider} registers
 * the backend and explains, without throwing, why it is unavailable on machines without a GPU.
 */
package gradiente.cuda;
