/**
 * Plumbing shared by every module that writes files or text: {@link gradiente.tensor.io.AtomicFiles}
 * (the one durable atomic file replacement, permissions from the user's umask) and
 * {@link gradiente.tensor.io.Numbers} (the one way numbers are written into JSON, logs and graphs).
 *
 * <p>It lives in {@code tensor} because that is the lowest module that both {@code nn} (checkpoints) and
 * {@code mnist-io} (IDX files, PNG grids, CSV) depend on; neither may depend on the other. It knows
 * nothing of tensors or file formats: the tensor types themselves still never touch files.
 */
package gradiente.tensor.io;
