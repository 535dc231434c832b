/**
 * Checkpoints: a hand-written safetensors reader and writer (JSON header plus little-endian tensor
 * bytes), atomic file replacement, and {@link gradiente.nn.checkpoint.Checkpoint}, which stores model,
 * optimiser and random-generator state so that training resumes bit-exactly.
 */
package gradiente.nn.checkpoint;
