package gradiente.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gradiente.autograd.Variable;
import gradiente.nn.Sequential;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link BatchNorm#recomputeStatistics}: running statistics become the plain average over the batches run. */
class BatchNormStatisticsTest {

    @Test
    void runningStatisticsAreTheEqualWeightAverageOfTheBatches() {
        Generator g = new Generator(4);
        BatchNorm2d bn = new BatchNorm2d(3);
        Sequential net = new Sequential(bn);
        // Stale statistics from ordinary training: they must not survive.
        net.train();
        net.forward(new Variable(Tensor.randn(g, DType.FLOAT32, 4, 3, 2, 2).mul(5).add(7)));
        net.eval();
        List<Tensor> batches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batches.add(Tensor.randn(g, DType.FLOAT32, 2 + i, 3, 2, 2).mul(1 + i).add(i));
        }
        Tensor weightBefore = bn.namedParameters().get("weight").data().copy();
        int layers = BatchNorm.recomputeStatistics(net, 3, i -> net.forward(new Variable(batches.get(i))));
        assertThat(layers).isEqualTo(1);
        assertThat(net.isTraining()).as("mode restored").isFalse();
        assertThat(bn.namedBuffers().get("num_batches_tracked").item()).isEqualTo(3.0);
        assertThat(bn.namedParameters().get("weight").data().toDoubleArray()).containsExactly(weightBefore.toDoubleArray());
        for (int c = 0; c < 3; c++) {
            double meanOfMeans = 0;
            double meanOfVars = 0;
            for (Tensor b : batches) {
                double[] v = b.to(DType.FLOAT64).narrow(1, c, 1).contiguous().toDoubleArray();
                double m = 0;
                for (double x : v) {
                    m += x;
                }
                m /= v.length;
                double ss = 0;
                for (double x : v) {
                    ss += (x - m) * (x - m);
                }
                meanOfMeans += m / 3;
                meanOfVars += ss / (v.length - 1) / 3;
            }
            assertThat(bn.runningMean().to(DType.FLOAT64).toDoubleArray()[c]).as("mean " + c).isCloseTo(meanOfMeans, within(1e-5));
            assertThat(bn.runningVar().to(DType.FLOAT64).toDoubleArray()[c]).as("var " + c).isCloseTo(meanOfVars, within(1e-4));
        }
        // Ordinary training afterwards uses the momentum again.
        net.train();
        Tensor before = bn.runningMean().copy();
        Tensor x = Tensor.randn(g, DType.FLOAT32, 4, 3, 2, 2);
        net.forward(new Variable(x));
        double batchMean0 = x.narrow(1, 0, 1).contiguous().to(DType.FLOAT64).mean().item();
        assertThat(bn.runningMean().to(DType.FLOAT64).toDoubleArray()[0])
                .isCloseTo(0.9 * before.to(DType.FLOAT64).toDoubleArray()[0] + 0.1 * batchMean0, within(1e-5));
    }

    @Test
    void aNetworkWithoutBatchNormIsNotRun() {
        Sequential net = new Sequential(new Linear(2, 2, new Generator(1)));
        assertThat(BatchNorm.recomputeStatistics(net, 5, i -> {
            throw new AssertionError("forward called");
        })).isZero();
        assertThatThrownBy(() -> BatchNorm.recomputeStatistics(net, 0, i -> { })).hasMessageContaining("batches");
    }
}
