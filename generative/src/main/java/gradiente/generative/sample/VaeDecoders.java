package gradiente.generative.sample;

import java.nio.file.Path;
import java.util.Map;

/** Rebuilds a VAE's decoder from a checkpoint. */
final class VaeDecoders {
    private VaeDecoders() {
    }

    static LatentDecoder load(Path file, Map<String, String> info) {
        throw new IllegalArgumentException(file + ": VAE decoders are not supported yet");
    }
}
