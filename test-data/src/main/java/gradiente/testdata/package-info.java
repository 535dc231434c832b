/**
 * Golden fixtures: reference values computed by PyTorch in float64 and stored as JSON class-path
 * resources under {@code golden/<group>/<name>.json}, with a small reader for tests.
 *
 * <p>{@link gradiente.testdata.GoldenFile} loads one file (or a whole group through its
 * {@code index.txt}); each {@link gradiente.testdata.GoldenCase} names an op, its parameters and its
 * tensors ({@link gradiente.testdata.GoldenArray}: shape and row-major float64 data). The naming
 * convention of the tensors (inputs, {@code out}, {@code upstream}, {@code grad_<input>}) is described
 * on {@link gradiente.testdata.GoldenCase} and in the module README. This package depends on no other
 * module of the project, so every module may use it as a test-scoped dependency.
 */
package gradiente.testdata;
