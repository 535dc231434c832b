package gradiente.generative.classify;

import gradiente.mnist.Dataset;
import gradiente.mnist.image.ImageGrid;
import gradiente.mnist.plot.ConfusionMatrix;
import gradiente.tensor.DType;
import gradiente.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The evaluation report of thesis 4.1: overall accuracy, accuracy per class, the confusion matrix as
 * text and as {@code confusion.png} (figure 68), and {@code mistakes.png}, a captioned grid of the test
 * images misclassified with the highest confidence, each captioned {@code true->predicted confidence}
 * (figure 69).
 */
public final class ClassifierReport {
    /** File name of the confusion-matrix image. */
    public static final String CONFUSION_PNG = "confusion.png";
    /** File name of the grid of confident mistakes. */
    public static final String MISTAKES_PNG = "mistakes.png";

    private ClassifierReport() {
    }

    /** Prints the report to {@code out} and writes the two images into {@code dir}. */
    public static void write(Evaluation ev, Dataset data, Path dir, int mistakes, PrintStream out) throws IOException {
        ConfusionMatrix cm = ev.confusion();
        out.printf(Locale.ROOT, "accuracy on %s: %.4f (%d images), mean cross-entropy %.4f%n", data.name(), cm.accuracy(),
                cm.total(), ev.loss());
        StringBuilder per = new StringBuilder("per-class accuracy:");
        double[] acc = cm.perClassAccuracy();
        for (int c = 0; c < acc.length; c++) {
            per.append(String.format(Locale.ROOT, "  %s %.4f", data.classNames().get(c), acc[c]));
        }
        out.println(per);
        out.println("confusion matrix (rows: true class, columns: predicted class):");
        out.print(cm.toTable());
        cm.writePng(dir.resolve(CONFUSION_PNG));
        int[] worst = ev.mostConfidentMistakes(mistakes);
        if (worst.length == 0) {
            out.println("no misclassified images; wrote " + dir.resolve(CONFUSION_PNG));
            return;
        }
        List<String> captions = new ArrayList<>();
        int[] index = new int[worst.length];
        for (int i = 0; i < worst.length; i++) {
            int j = worst[i];
            index[i] = j;
            captions.add(String.format(Locale.ROOT, "%s->%s %.2f", data.classNames().get(ev.labels()[j]),
                    data.classNames().get(ev.predicted()[j]), ev.confidence()[j]));
        }
        Tensor images = data.images().indexSelect(0, Dataset.classIndices(index, DType.FLOAT32, data.images().device()));
        ImageGrid.defaults().scale(2).writeCaptioned(images, captions, dir.resolve(MISTAKES_PNG));
        out.println("most confident mistakes (true->predicted probability): " + String.join(", ", captions));
        out.println("wrote " + dir.resolve(CONFUSION_PNG) + " and " + dir.resolve(MISTAKES_PNG));
    }
}
