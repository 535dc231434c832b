package gradiente.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The committed kernel binary ({@code gradiente/cuda/kernels.fatbin}, built by
 * {@code src/main/cuda/build-fatbin.sh}) and its side files: the manifest of kernel names and the
 * SHA-256 record of the sources it was built from.
 */
final class Fatbin {
    static final String DIR = "/gradiente/cuda/";

    private Fatbin() {
    }

    /** The bytes of a resource next to the fatbin ({@code kernels.fatbin}, {@code kernels.manifest}, ...). */
    static byte[] resource(String name) {
        try (InputStream in = Fatbin.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("cuda: resource " + DIR + name + " is missing from the class path"
                        + " (run cuda-kernels/src/main/cuda/build-fatbin.sh with nvcc)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cuda: cannot read " + DIR + name, e);
        }
    }
}
