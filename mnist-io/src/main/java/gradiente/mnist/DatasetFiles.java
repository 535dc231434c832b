package gradiente.mnist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four IDX files of one data set in one folder. Each may be raw ({@code train-images-idx3-ubyte})
 * or gzip-compressed ({@code train-images-idx3-ubyte.gz}); the raw name wins when both exist.
 *
 * @param kind  which data set the files hold
 * @param dir   the folder
 * @param files base name (e.g. {@code t10k-labels-idx1-ubyte}) to the file present on disk
 */
public record DatasetFiles(DatasetKind kind, Path dir, Map<String, Path> files) {
    public DatasetFiles {
        files = Map.copyOf(files);
    }

    /** The base names of the four files, train images first. */
    public static List<String> names() {
        return List.of(Split.TRAIN.imagesFile(), Split.TRAIN.labelsFile(), Split.TEST.imagesFile(), Split.TEST.labelsFile());
    }

    /** Finds the four files in {@code dir}; the exception lists every missing name and what was looked for. */
    public static DatasetFiles find(DatasetKind kind, Path dir) throws IOException {
        Map<String, Path> found = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String name : names()) {
            Path p = present(dir, name);
            if (p == null) {
                missing.add(name);
            } else {
                found.put(name, p);
            }
        }
        if (!missing.isEmpty()) {
            throw new NoSuchFileException(dir.toString(), null, kind.id() + " IDX files missing: " + String.join(", ", missing)
                    + " (looked for each name, raw or with .gz)");
        }
        return new DatasetFiles(kind, dir, found);
    }

    /** The raw or {@code .gz} file of that base name in {@code dir}, or null. */
    public static Path present(Path dir, String name) {
        Path raw = dir.resolve(name);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    /** The images file of a split. */
    public Path images(Split split) {
        return files.get(split.imagesFile());
    }

    /** The labels file of a split. */
    public Path labels(Split split) {
        return files.get(split.labelsFile());
    }
}
