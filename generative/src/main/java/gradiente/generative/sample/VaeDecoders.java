package gradiente.generative.sample;

import gradiente.generative.vae.Vae;
import gradiente.generative.vae.VaeSpec;
import gradiente.mnist.Scaling;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** A VAE's decoder as a {@link LatentDecoder}: images are the Bernoulli means {@code sigmoid(decode(z))}. */
final class VaeDecoders {
    private VaeDecoders() {
    }

    static LatentDecoder load(Path file, Map<String, String> info) throws IOException {
        VaeSpec spec = VaeSpec.fromInfo(info);
        Vae vae = spec.build(new Generator(0));
        Decoders.load(file, vae);
        return of(vae);
    }

    static LatentDecoder of(Vae vae) {
        return new LatentDecoder() {
            @Override
            public String model() {
                return "vae";
            }

            @Override
            public int latentDim() {
                return vae.latentDim();
            }

            @Override
            public int classes() {
                return 0;
            }

            @Override
            public Scaling scaling() {
                return Scaling.ZERO_ONE;
            }

            @Override
            public Tensor decode(Tensor z, Tensor condition) {
                return vae.generate(z);
            }
        };
    }
}
