/**
 * Programs that use gradiente as a library would, through public API only; each has a {@code main} and a
 * static method the tests call. {@link gradiente.examples.XorNetwork} (a two-layer network learns XOR),
 * {@link gradiente.examples.ThesisGraph} (thesis 2.5's computational graph, forward and backward),
 * {@link gradiente.examples.MnistMlp} (thesis 4.1's MLP on an MNIST folder, with its test accuracy),
 * {@link gradiente.examples.TrainDcgan} (thesis 4.2's DCGAN through the {@code GanTraining} recipe; quoted
 * in the README) and {@link gradiente.examples.SampleGenerator} (a saved generator's samples as a PNG grid).
 */
package gradiente.examples;
