package gradiente.generative.recipes;

import gradiente.generative.classify.ClassifierReport;
import gradiente.generative.training.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;

/**
 * When a classifier has finished training, its evaluation report ({@link ClassifierReport}): accuracy per
 * class and the confusion matrix printed, {@code confusion.png} and {@code mistakes.png} (the {@code mistakes}
 * most confident wrong answers) in the run folder.
 */
public final class ClassifierReportFiles implements TrainingListener<ClassifierRun> {
    private final int mistakes;
    private final PrintStream out;

    public ClassifierReportFiles(int mistakes, PrintStream out) {
        this.mistakes = mistakes;
        this.out = out;
    }

    @Override
    public void finished(ClassifierRun run) throws IOException {
        out.println();
        ClassifierReport.write(run.evaluation(), run.test(), run.folder().dir(), mistakes, out);
    }
}
