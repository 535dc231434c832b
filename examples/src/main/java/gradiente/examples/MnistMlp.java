package gradiente.examples;

import gradiente.autograd.Variable;
import gradiente.generative.classify.Evaluation;
import gradiente.generative.classify.MlpClassifier;
import gradiente.mnist.Dataset;
import gradiente.mnist.DatasetFiles;
import gradiente.mnist.DatasetKind;
import gradiente.mnist.Scaling;
import gradiente.mnist.Split;
import gradiente.mnist.batch.Batch;
import gradiente.mnist.batch.DataLoader;
import gradiente.nn.losses.Losses;
import gradiente.nn.losses.Reduction;
import gradiente.nn.optim.Adam;
import gradiente.tensor.Device;
import gradiente.tensor.Generator;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Thesis 4.1's MLP (784-128-128-10, ReLU, dropout 0.2; 118,282 parameters) trained with Adam on the
 * categorical cross-entropy {@code L = -(1/B) sum_i log softmax(z_i)[y_i]}, then scored on the test images.
 * The data folder holds the four MNIST IDX files ({@code ~/.cache/gradiente/mnist} after
 * {@code ./gradiente data fetch}).
 */
public final class MnistMlp {
    private MnistMlp() {
    }

    /** Test accuracy after {@code epochs} epochs of mini-batches of 512 (the thesis' batch). */
    public static double trainAndScore(Path dataFolder, int epochs) throws IOException {
        DatasetFiles files = DatasetFiles.find(DatasetKind.IDX, dataFolder);
        Dataset train = Dataset.load(files, Split.TRAIN, Scaling.ZERO_ONE);
        Dataset test = Dataset.load(files, Split.TEST, Scaling.ZERO_ONE);
        MlpClassifier model = new MlpClassifier(784, 10, 0.2, new Generator(1), new Generator(2));
        Adam adam = new Adam(model.namedParameters(), 1e-3);
        DataLoader loader = DataLoader.of(train, 512).shuffled(1);
        for (int epoch = 0; epoch < epochs; epoch++) {
            model.train();
            for (Batch b : loader.epoch(epoch)) {
                Variable logits = model.forward(new Variable(b.images()));
                Variable loss = Losses.crossEntropy(logits, b.labelTensor(logits.data().dtype()), Reduction.MEAN);
                adam.zeroGrad();
                loss.backward();
                adam.step();
            }
        }
        return Evaluation.of(model, test, 1000, Device.CPU).accuracy();
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : System.getProperty("user.home") + "/.cache/gradiente/mnist");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.out.printf("test accuracy after %d epochs: %.4f%n", epochs, trainAndScore(data, epochs));
    }
}
