/**
 * Checkpoints: a hand-written safetensors reader and writer (JSON header plus little-endian tensor
 * bytes), atomic file replacement, and {@link gradiente.nn.checkpoint.Checkpoint}, which stores model,
 * optimiser and random-generator state so that training resumes bit-exactly. Every file carries a
 * CRC-32C per tensor ({@link gradiente.nn.checkpoint.TensorChecksums}), verified on reading, and a
 * checkpoint's tensors must be finite on saving and loading
 * ({@link gradiente.nn.checkpoint.NonFiniteTensorException}).
 */
package gradiente.nn.checkpoint;
