package gradiente.generative.bayes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import org.junit.jupiter.api.Test;

class NaiveBayesTest {
    /** Two classes of 4-pixel images: class 0 lights pixels 0-1, class 1 lights pixels 2-3 (with noise). */
    private static Tensor[] data(int n, long seed) {
        Generator g = new Generator(seed);
        double[] x = new double[n * 4];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            y[i] = c;
            for (int d = 0; d < 4; d++) {
                boolean on = (d / 2 == c) ? g.nextDouble() < 0.9 : g.nextDouble() < 0.1;
                x[i * 4 + d] = on ? 0.6 + 0.4 * g.nextDouble() : 0.4 * g.nextDouble();
            }
        }
        return new Tensor[] {Tensor.of(x, n, 4), Tensor.of(y, n)};
    }

    @Test
    void bernoulliLearnsSmoothedFrequenciesAndClassifies() {
        Tensor[] train = data(400, 1);
        BernoulliNaiveBayes nb = BernoulliNaiveBayes.fit(train[0], train[1], 2, 0.5, 1.0);
        double[] theta = nb.theta().toDoubleArray();
        assertThat(theta[0]).isCloseTo(0.9, within(0.05));
        assertThat(theta[2]).isCloseTo(0.1, within(0.05));
        assertThat(theta[6]).isCloseTo(0.9, within(0.05));
        // Hand check of theta for pixel 0 of class 0 against the counting formula.
        double[] x = train[0].toDoubleArray();
        int on = 0;
        for (int i = 0; i < 400; i += 2) {
            on += x[i * 4] > 0.5 ? 1 : 0;
        }
        assertThat(theta[0]).isCloseTo((on + 1.0) / (200 + 2.0), within(1e-12));
        Tensor[] test = data(200, 2);
        assertThat(nb.accuracy(test[0], test[1])).isGreaterThan(0.9);
        for (double p : nb.posterior(test[0]).sum(1).toDoubleArray()) {
            assertThat(p).isCloseTo(1.0, within(1e-9));
        }
    }

    @Test
    void gaussianMatchesPerClassMomentsAndClassifies() {
        Tensor[] train = data(400, 3);
        GaussianNaiveBayes nb = GaussianNaiveBayes.fit(train[0], train[1], 2, 1e-3);
        Tensor class0 = train[0].slice(0, 0, 400, 2);
        assertThat(nb.mean().select(0, 0).allClose(class0.mean(0, false), 1e-9, 1e-12)).isTrue();
        Tensor[] test = data(200, 4);
        assertThat(nb.accuracy(test[0], test[1])).isGreaterThan(0.9);
    }

    @Test
    void gaussianLogLikelihoodEqualsTheDirectFormula() {
        Tensor[] train = data(50, 5);
        GaussianNaiveBayes nb = GaussianNaiveBayes.fit(train[0], train[1], 2, 1e-2);
        Tensor x = train[0].narrow(0, 0, 3);
        double[] jll = nb.jointLogLikelihood(x).toDoubleArray();
        for (int i = 0; i < 3; i++) {
            for (int c = 0; c < 2; c++) {
                double direct = Math.log(0.5);
                for (int d = 0; d < 4; d++) {
                    double mu = nb.mean().get(c, d);
                    double s2 = nb.variance().get(c, d);
                    double v = x.get(i, d);
                    direct += -0.5 * (Math.log(2 * Math.PI * s2) + (v - mu) * (v - mu) / s2);
                }
                assertThat(jll[i * 2 + c]).isCloseTo(direct, within(1e-9));
            }
        }
    }

    @Test
    void samplesFollowTheClassDistribution() {
        Tensor[] train = data(400, 6);
        BernoulliNaiveBayes nb = BernoulliNaiveBayes.fit(train[0], train[1], 2, 0.5, 1.0);
        Tensor s = nb.sample(1, 2000, new Generator(9));
        assertThat(s.shape()).containsExactly(2000, 4);
        double[] freq = s.mean(0, false).toDoubleArray();
        assertThat(freq[2]).isCloseTo(nb.theta().get(1, 2), within(0.03));
        assertThat(freq[0]).isCloseTo(nb.theta().get(1, 0), within(0.03));
        Tensor g = GaussianNaiveBayes.fit(train[0], train[1], 2, 1e-3).sample(0, 100, new Generator(1));
        assertThat(g.min().item()).isGreaterThanOrEqualTo(0.0);
        assertThat(g.max().item()).isLessThanOrEqualTo(1.0);
        assertThat(Tensor.bernoulli(new Generator(5), 0.5, DType.FLOAT32, 3).toDoubleArray())
                .isEqualTo(Tensor.bernoulli(new Generator(5), 0.5, DType.FLOAT32, 3).toDoubleArray());
    }

    @Test
    void badLabelsNameTheModel() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 2, 4);
        assertThatThrownBy(() -> BernoulliNaiveBayes.fit(x, Tensor.of(new double[] {0, 5}, 2), 2, 0.5, 1))
                .hasMessageContaining("label 5.0 is not a class index");
        assertThatThrownBy(() -> GaussianNaiveBayes.fit(x, Tensor.of(new double[] {0}, 1), 2, 0.1))
                .hasMessageContaining("labels [1] do not match images [2, 4]");
    }
}
