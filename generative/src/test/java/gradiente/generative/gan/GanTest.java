package gradiente.generative.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gradiente.autograd.Variable;
import gradiente.generative.gan.DiscriminatorNet.Join;
import gradiente.nn.Sequential;
import gradiente.nn.layers.Linear;
import gradiente.tensor.Backends;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GanTest {
    private static final int LATENT = 4;

    private static Gan toyGan(long seed, int classes) {
        return toyGan(seed, classes, 1);
    }

    private static Gan toyGan(long seed, int classes, int pack) {
        Generator init = new Generator(seed);
        GeneratorNet g = MlpNets.generator(LATENT, classes, 32, 1, 1, 2, init);
        DiscriminatorNet d = MlpNets.discriminator(2, classes, 32, true, pack, init);
        return new Gan(g, d, 2e-3, 0.5, 0.999, new Generator(seed + 1));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "pack {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 4})
    void algorithmOneMovesTheGeneratorOntoAOneModeGaussian(int pack) {
        // G starts near (0.5, 0.5) (sigmoid of small values); the data sit at (0.85, 0.15). With a packed D
        // (PacGAN) the same equilibrium holds: D* = 1/2 on packs of real and of generated points alike.
        Gan gan = toyGan(1, 0, pack);
        Generator data = new Generator(2);
        double dRealLate = 0;
        double dFakeLate = 0;
        int steps = 300;
        for (int s = 0; s < steps; s++) {
            Map<String, Double> m = gan.step(ToyData.gaussian(data, 32, 0.85, 0.15), null);
            assertThat(m.values()).allMatch(Double::isFinite);
            if (s >= steps - 100) {
                dRealLate += m.get("d_real") / 100;
                dFakeLate += m.get("d_fake") / 100;
            }
        }
        Tensor samples = gan.generator().generate(Latent.sample(new Generator(3), 2000, LATENT, DType.FLOAT32,
                Backends.defaultDevice()), null);
        double[] mean = ToyData.mean(samples);
        assertThat(mean[0]).isCloseTo(0.85, within(0.1));
        assertThat(mean[1]).isCloseTo(0.15, within(0.1));
        assertThat(ToyData.spread(samples)).isBetween(0.005, 0.15);
        // At the equilibrium p_g = p_data the best discriminator is D*(x) = 1/2 (seed 002 3.1).
        assertThat(dRealLate).isCloseTo(0.5, within(0.1));
        assertThat(dFakeLate).isCloseTo(0.5, within(0.1));
    }

    @Test
    void discriminatorLearnsToSeparateWhileTheGeneratorStandsStill() {
        Gan gan = toyGan(3, 0);
        gan.generatorOptimizer().groups().get(0).lr(0);
        Generator data = new Generator(4);
        Map<String, Double> m = Map.of();
        for (int s = 0; s < 150; s++) {
            m = gan.step(ToyData.gaussian(data, 32, 0.85, 0.15), null);
        }
        assertThat(m.get("acc_real")).isGreaterThan(0.9);
        assertThat(m.get("acc_fake")).isGreaterThan(0.9);
        assertThat(m.get("d_real")).isGreaterThan(m.get("d_fake") + 0.4);
        assertThat(m.get("loss_d")).isLessThan(0.3);
    }

    @Test
    void conditionalGanPutsEachClassInItsOwnQuadrant() {
        Gan gan = toyGan(4, 2);
        Generator data = new Generator(5);
        int[] labels = new int[32];
        java.util.Arrays.fill(labels, 16, 32, 1);
        for (int s = 0; s < 400; s++) {
            Tensor a = ToyData.gaussian(data, 16, 0.2, 0.2);
            Tensor b = ToyData.gaussian(data, 16, 0.8, 0.8);
            gan.step(Tensor.concat(0, a, b), labels);
        }
        Tensor z = Latent.sample(new Generator(6), 500, LATENT, DType.FLOAT32, Backends.defaultDevice());
        double[][] means = new double[2][];
        for (int c = 0; c < 2; c++) {
            int[] asked = new int[500];
            java.util.Arrays.fill(asked, c);
            means[c] = ToyData.mean(gan.generator().generate(z, Conditions.oneHot(asked, 2, z)));
        }
        // The same z gives a point near (0.2, 0.2) for class 0 and near (0.8, 0.8) for class 1 (0.6 apart
        // on each axis; the untrained generator puts both at about (0.5, 0.5)).
        assertThat(Math.max(means[0][0], means[0][1])).isLessThan(0.4);
        assertThat(Math.min(means[1][0], means[1][1])).isGreaterThan(0.5);
        assertThat(means[1][0] - means[0][0]).isGreaterThan(0.35);
        assertThat(means[1][1] - means[0][1]).isGreaterThan(0.35);
    }

    @Test
    void generatorStepLeavesTheDiscriminatorAsItsOwnStepLeftIt() {
        // D's gradients after step() must be those of J(D) alone: the G update goes through a frozen D.
        Gan gan = toyGan(7, 0);
        Tensor real = ToyData.gaussian(new Generator(8), 8, 0.5, 0.5);
        gan.step(real, null);
        Map<String, Variable> dParams = gan.discriminator().namedParameters();
        Tensor before = dParams.get("body.0.weight").data().copy();
        Tensor gradBefore = dParams.get("body.0.weight").grad().copy();
        Map<String, Double> m = gan.step(real, null);
        Tensor after = dParams.get("body.0.weight").data();
        assertThat(after.sub(before).abs().max().item()).isGreaterThan(0.0);
        assertThat(dParams.get("body.0.weight").grad().sub(gradBefore).abs().max().item()).isGreaterThan(0.0);
        for (Variable p : gan.generator().parameters()) {
            assertThat(p.grad()).as("generator gradients are cleared after its update").isNull();
        }
    }

    @Test
    void discriminatorOutputShapeAndConditionAreChecked() {
        Generator init = new Generator(1);
        DiscriminatorNet bad = new DiscriminatorNet(new Sequential(new Linear(4, 2, init)), 0, Join.FEATURES);
        assertThatThrownBy(() -> bad.forward(new Variable(Tensor.zeros(3, 1, 2, 2)), null))
                .hasMessageContaining("[3, 1] scores").hasMessageContaining("[3, 2]");
        DiscriminatorNet cond = MlpNets.discriminator(4, 10, 8, true, init);
        assertThatThrownBy(() -> cond.forward(new Variable(Tensor.zeros(3, 1, 2, 2)), null))
                .hasMessageContaining("needs a condition [3, 10]");
        GeneratorNet g = MlpNets.generator(5, 0, 8, 1, 2, 2, init);
        assertThatThrownBy(() -> g.forward(new Variable(Tensor.zeros(3, 4)), null)).hasMessageContaining("[N, 5]");
    }

    @Test
    void aPackedDiscriminatorScoresConsecutiveImagesTogether() {
        Generator init = new Generator(3);
        Linear layer = new Linear(8, 1, init);
        DiscriminatorNet d = new DiscriminatorNet(new Sequential(layer), 0, Join.FEATURES, 2);
        Tensor x = Tensor.rand(new Generator(4), DType.FLOAT32, 4, 1, 2, 2);
        Tensor out = d.forward(new Variable(x), null).data();
        assertThat(out.shape()).containsExactly(2, 1);
        float[] w = layer.namedParameters().get("weight").data().contiguous().toFloatArray();
        float bias = (float) layer.namedParameters().get("bias").data().item();
        float[] px = x.contiguous().toFloatArray();
        for (int pck = 0; pck < 2; pck++) {
            // pack p holds images 2p and 2p + 1: their 4 pixels each, one after the other
            double expected = bias;
            for (int f = 0; f < 8; f++) {
                expected += w[f] * px[pck * 8 + f];
            }
            assertThat(out.get(pck, 0)).as("pack %d", pck).isCloseTo(expected, within(1e-5));
        }
        assertThatThrownBy(() -> d.forward(new Variable(Tensor.zeros(3, 1, 2, 2)), null))
                .hasMessageContaining("pack 2 needs a multiple of 2 images, got 3");
        assertThatThrownBy(() -> new DiscriminatorNet(new Sequential(new Linear(8, 1, init)), 10, Join.FEATURES, 2))
                .hasMessageContaining("1 for a conditional discriminator");
        // the DCGAN discriminator takes the pack as channels of its first convolution
        DiscriminatorNet conv = DcganNets.discriminator(0, true, false, 4, 2, new Generator(5), new Generator(6));
        assertThat(conv.forward(new Variable(Tensor.zeros(6, 1, 28, 28)), null).shape()).containsExactly(3, 1);
        assertThat(conv.namedParameters().get("body.0.weight").shape()).containsExactly(4, 2, 3, 3);
    }

    @Test
    void planesJoinGivesAConvolutionalBodyOneChannelPerClass() {
        Generator init = new Generator(1);
        // Body: flatten [N, 1 + 3, 2, 2] and score; checks that the planes hold the one-hot values.
        DiscriminatorNet d = new DiscriminatorNet(new Sequential(new gradiente.nn.layers.Flatten(), new Linear(16, 1, init)),
                3, Join.PLANES);
        Tensor x = Tensor.zeros(2, 1, 2, 2);
        Tensor c = Conditions.oneHot(new int[] {2, 0}, 3, x);
        Variable out = d.forward(new Variable(x), c);
        assertThat(out.shape()).containsExactly(2, 1);
    }

    @Test
    void logitCrossEntropyKeepsTheGeneratorGradientWhereDRejectsConfidently() {
        // D's output bias at -40: every generated image gets logit ~ -40, D(G(z)) ~ 4e-18 < 1e-12.
        for (Gan.Bce bce : Gan.Bce.values()) {
            Generator init = new Generator(7);
            GeneratorNet g = MlpNets.generator(LATENT, 0, 8, 1, 1, 2, init);
            DiscriminatorNet d = MlpNets.discriminator(2, 0, 8, bce == Gan.Bce.PROBABILITIES, init);
            for (Map.Entry<String, Variable> e : d.namedParameters().entrySet()) {
                if (e.getKey().endsWith("bias") && e.getValue().data().numel() == 1) {
                    e.getValue().data().fill(-40);
                }
            }
            Gan gan = new Gan(g, d, bce, KerasSemantics.KERAS.optimizer(g, 1e-3, 0.5, 0.999),
                    KerasSemantics.KERAS.optimizer(d, 0, 0.5, 0.999), new Generator(8));
            Tensor before = g.namedParameters().values().iterator().next().data().copy();
            Map<String, Double> m = gan.step(ToyData.gaussian(new Generator(9), 16, 0.85, 0.15), null);
            assertThat(m.get("g_saturated")).as(bce.name()).isEqualTo(1.0);
            double moved = g.namedParameters().values().iterator().next().data().sub(before).abs().max().item();
            if (bce == Gan.Bce.LOGITS) {
                // Exact gradient sigmoid(z) - 1 ~ -1 per sample: G moves (Adam's first step ~ lr).
                assertThat(moved).isGreaterThan(1e-4);
                assertThat(m.get("loss_g")).isCloseTo(40, within(1.0));
            } else {
                // The clamp at 1e-12 cuts every sample's gradient: G does not move at all.
                assertThat(moved).isZero();
            }
        }
    }

    @Test
    void scoreLastBatchProbesDInEvaluationModeWithoutDrawingNumbers() {
        Gan gan = toyGan(11, 0);
        assertThat(gan.scoreLastBatch()).isNull();
        gan.step(ToyData.gaussian(new Generator(12), 16, 0.85, 0.15), null);
        long[] noise = gan.noise().state();
        double[] p = gan.scoreLastBatch();
        assertThat(p).hasSize(2);
        assertThat(p[0]).isBetween(0.0, 1.0);
        assertThat(p[1]).isBetween(0.0, 1.0);
        assertThat(gan.noise().state()).containsExactly(noise);
        assertThat(gan.discriminator().isTraining()).isTrue();
    }
}
