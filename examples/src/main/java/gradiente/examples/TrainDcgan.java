package gradiente.examples;

import gradiente.generative.recipes.FixedNoiseGrids;
import gradiente.generative.recipes.GanModel;
import gradiente.generative.recipes.GanRun;
import gradiente.generative.recipes.GanTraining;
import gradiente.mnist.Dataset;
import gradiente.mnist.DatasetFiles;
import gradiente.mnist.DatasetKind;
import gradiente.mnist.Split;
import java.io.IOException;
import java.nio.file.Path;

/** Thesis 4.2's DCGAN with batch norm in G, trained through the library's recipe. */
public final class TrainDcgan {
    public static GanRun train(Path data, Path runFolder, int images, int batch, int epochs) throws IOException {
        GanTraining recipe = GanTraining.of(GanModel.DCGAN)  // Adam 2e-4/0.5, latent 100
                .batchNorm(true)
                .batch(batch)                                  // thesis: 256 (128 real + 128 generated)
                .epochs(epochs)
                .runFolder(runFolder)                          // checkpoint, metrics.csv, curves, generator
                .listener(new FixedNoiseGrids(10))             // samples/epoch_NNN.png after every epoch
                .build();
        DatasetFiles files = DatasetFiles.find(DatasetKind.IDX, data);
        Dataset train = Dataset.load(files, Split.TRAIN, recipe.scaling());
        return recipe.fit(train.slice(0, Math.min(images, train.size())));
    }

    public static void main(String[] args) throws IOException {
        GanRun run = train(Path.of(args[0]), Path.of(args[1]), Integer.parseInt(args[2]), 256,
                Integer.parseInt(args[3]));
        System.out.println("loss_d per epoch: " + java.util.Arrays.toString(run.history().values("loss_d")));
        System.out.println("generator: " + run.folder().file("generator.safetensors"));
    }
}
