package gradiente.cli;

import gradiente.generative.classify.ClassifierKind;
import picocli.CommandLine.Command;

/** {@code ./gradiente train mlp}: the dense classifier of thesis 4.1 (784-128-128-10, batch 512, 10 epochs). */
@Command(name = "mlp", mixinStandardHelpOptions = true, description = {
        "Thesis 4.1: the dense MNIST classifier 784-128-128-10 (ReLU, dropout, softmax cross-entropy, Adam),",
        "batch 512, 10 epochs; 118,282 parameters, the thesis reports 97.6%% test accuracy.",
        "Writes checkpoint.safetensors, metrics.json, metrics.csv, loss.png, accuracy.png, confusion.png and",
        "mistakes.png into --out; the last line is test_accuracy=..."})
public final class MlpCommand extends ClassifierTrainCommand {
    @Override
    ClassifierKind kind() {
        return ClassifierKind.MLP;
    }
}
