package gradiente.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gradiente.generative.gan.DcganNets;
import gradiente.generative.gan.DiscriminatorNet;
import gradiente.generative.gan.GeneratorNet;
import gradiente.tensor.Generator;
import org.junit.jupiter.api.Test;

class DcganFlopsTest {
    @Test
    void layerMultiplyAddsFollowFromTheShapes() {
        // G: Dense 100 -> 128*7*7; convT 128->128 k4 on 7x7 -> 14x14 (per input pixel 128 * 16 outputs per channel);
        // the same on 14x14 -> 28x28; conv 128 -> 1 k7 'same' on 28x28.
        assertThat(DcganFlops.generator()).extracting(DcganFlops.Layer::macs)
                .containsExactly(100L * 6272, 49L * 128 * 128 * 16, 196L * 128 * 128 * 16, 784L * 128 * 49);
        // D: conv 1 -> 64 k3 s2 to 14x14; 64 -> 64 k3 s2 to 7x7; Dense 3136 -> 1.
        assertThat(DcganFlops.discriminator()).extracting(DcganFlops.Layer::macs)
                .containsExactly(196L * 64 * 9, 49L * 64 * 64 * 9, 3136L);
        assertThat(DcganFlops.forwardMacs(DcganFlops.generator())).isEqualTo(69_769_728L);
        assertThat(DcganFlops.forwardMacs(DcganFlops.discriminator())).isEqualTo(1_922_368L);
    }

    @Test
    void anUpdateOfBatch256IsAbout130Gflop() {
        long g = 69_769_728L;
        long d = 1_922_368L;
        long gBackward = 2 * g - 627_200L;          // weight gradients, input gradients but the dense layer's
        long dBackwardDStep = 2 * d - 112_896L;      // weight gradients, input gradients but the first conv's
        long expected = 128 * g + 256 * d + 256 * dBackwardDStep  // D step
                + 256 * g + 256 * d + 256 * d + 256 * gBackward;   // G step (D input gradients only)
        assertThat(DcganFlops.updateMacs(256)).isEqualTo(expected);
        assertThat(DcganFlops.update(256) / 1e9).isCloseTo(129.6, within(0.1));
        // Every backward layer with both gradients, as the issue counted it: about 131 GFLOP.
        double allPasses = 2.0 * (g * (128 + 256 + 2 * 256) + d * (256 + 256 + 2 * 2 * 256));
        assertThat(allPasses / 1e9).isCloseTo(131, within(0.5));
        assertThat(DcganFlops.updateMacs(8)).isEqualTo(DcganFlops.updateMacs(256) / 32);
    }

    @Test
    void theCountedNetworksAreTheOnesTrainDcganBuilds() {
        GeneratorNet g = DcganNets.generator(DcganNets.LATENT, 0, DcganNets.Options.THESIS, new Generator(1));
        DiscriminatorNet d = DcganNets.discriminator(0, true, false, new Generator(1), new Generator(2));
        // Parameters = weights (one per multiply-add of a single output position) + biases.
        assertThat(g.numParameters()).isEqualTo(1_164_289L);
        assertThat(d.numParameters()).isEqualTo(40_705L);
    }

    @Test
    void oddBatchesAreRejected() {
        assertThatThrownBy(() -> DcganFlops.updateMacs(7)).hasMessageContaining("batch must be even").hasMessageContaining("7");
    }
}
