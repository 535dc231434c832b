package gradiente.cli;

import gradiente.generative.classify.ClassifierKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./gradiente train cnn}: the convolutional classifier of thesis 4.1 (batch 128, 15 epochs). */
@Command(name = "cnn", mixinStandardHelpOptions = true, description = {
        "Thesis 4.1: the convolutional MNIST classifier: conv 64 3x3 + ReLU, max pool 2, conv 64 3x3 + ReLU,",
        "max pool 2, dropout 0.25, flatten, dense 64 + ReLU, dense 10 (softmax cross-entropy), Adam, batch 128,",
        "15 epochs; 140,682 parameters (the thesis text says 280,010, which its listed layers do not give), and",
        "the thesis reports 99.3%% test accuracy.",
        "Writes checkpoint.safetensors, metrics.json, metrics.csv, loss.png, accuracy.png, confusion.png and",
        "mistakes.png into --out; the last line is test_accuracy=..."})
public final class CnnCommand extends ClassifierTrainCommand {
    @Option(names = "--filters", description = "filters of each convolution (default 64, the thesis'; fewer train faster)")
    Integer filters;

    @Override
    ClassifierKind kind() {
        return ClassifierKind.CNN;
    }

    @Override
    Integer filters() {
        return filters;
    }
}
