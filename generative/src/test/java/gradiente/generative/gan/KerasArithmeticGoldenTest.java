package gradiente.generative.gan;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.autograd.Variable;
import gradiente.nn.optim.Adam;
import gradiente.nn.optim.ParamGroup;
import gradiente.tensor.DType;
import gradiente.tensor.Tensor;
import gradiente.testdata.GoldenArray;
import gradiente.testdata.GoldenCase;
import gradiente.testdata.GoldenFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's guard: the arithmetic of a GAN update under {@link KerasSemantics#KERAS} (Algorithm 1's
 * BCE through {@link Gan#loss}, then {@link KerasSemantics#optimizer}'s Adam) matches, in float32 over
 * six steps, numpy computing Keras 3's formulas (test-data {@code golden/models/keras_gan_arith.json},
 * {@code test-data/scripts/make_keras_golden.py}): BCE from logits, Adam's epsilon hat. The rows of
 * the golden model are confidently wrong (logit -40 for a real image, +24 for a generated one) and one
 * feature is of order 1e-6, so gradiente's earlier arithmetic ({@link KerasSemantics#PYTORCH}: clamped
 * probabilities, epsilon on the corrected root) parts from Keras' at the first step; the test checks
 * that too, so it fails if either semantic slips back.
 */
class KerasArithmeticGoldenTest {
    private static final GoldenCase CASE = GoldenFile.load("golden/models/keras_gan_arith.json").cases().get(0);

    private static Tensor golden(String name) {
        GoldenArray a = CASE.array(name);
        return Tensor.of(a.data(), a.shape()).to(DType.FLOAT32);
    }

    /** Gradients at the start of each step, {@code [step][dw..., db]}, filled by {@link #trajectory}. */
    private static double[][] gradients;

    /** Parameters after each step: {@code [step][w..., b]}; the gradients go to {@link #gradients}. */
    private static double[][] trajectory(KerasSemantics sem) {
        Tensor x = golden("x");
        Tensor t = golden("t");
        Variable w = Variable.parameter(golden("w0"));
        Variable b = Variable.parameter(golden("b0"));
        Map<String, Variable> params = new LinkedHashMap<>();
        params.put("w", w);
        params.put("b", b);
        Adam adam = new Adam(List.of(new ParamGroup(params, CASE.doubleParam("lr"))), CASE.doubleParam("beta1"),
                CASE.doubleParam("beta2"), sem.epsilon(), sem.adam());
        int steps = CASE.intParam("steps");
        double[][] out = new double[steps][];
        gradients = new double[steps][];
        for (int k = 0; k < steps; k++) {
            Variable z = new Variable(x).matmul(w).add(b);
            Variable score = sem.bce() == Gan.Bce.LOGITS ? z : z.sigmoid();
            Variable loss = Gan.loss(sem.bce(), score, t);
            if (sem.equals(KerasSemantics.KERAS)) {
                assertThat(loss.item()).as("loss at step " + (k + 1))
                        .isCloseTo(golden("loss_" + (k + 1)).item(), org.assertj.core.data.Percentage.withPercentage(1e-4));
            }
            adam.zeroGrad();
            loss.backward();
            gradients[k] = row(w.grad(), b.grad());
            adam.step();
            double[] wv = w.data().toDoubleArray();
            double[] row = java.util.Arrays.copyOf(wv, wv.length + 1);
            row[wv.length] = b.data().item();
            out[k] = row;
        }
        return out;
    }

    private static double[] row(Tensor w, Tensor b) {
        double[] wv = w.toDoubleArray();
        double[] row = java.util.Arrays.copyOf(wv, wv.length + 1);
        row[wv.length] = b.item();
        return row;
    }

    private static double[] expected(int step) {
        return row(golden("w_" + step), golden("b_" + step));
    }

    private static double[] expectedGradient(int step) {
        return row(golden("dw_" + step), golden("db_" + step));
    }

    private static void assertClose(double[] got, double[] want, double tol, String what) {
        for (int i = 0; i < want.length; i++) {
            assertThat(got[i]).as("%s, element %d", what, i)
                    .isCloseTo(want[i], org.assertj.core.data.Offset.offset(tol * Math.max(1, Math.abs(want[i]))));
        }
    }

    @Test
    void kerasSemanticsFollowKerasFormulasInFloat32() {
        double[][] got = trajectory(KerasSemantics.KERAS);
        for (int k = 0; k < got.length; k++) {
            // float32 rounding of the same formulas: a few ulps of values of order 1-10.
            assertClose(gradients[k], expectedGradient(k + 1), 1e-6, "gradient at step " + (k + 1));
            assertClose(got[k], expected(k + 1), 2e-6, "parameters after step " + (k + 1));
        }
    }

    @Test
    void pytorchSemanticsPartFromKerasAtTheFirstStep() {
        double[] want = expected(1);
        double[] wantGrad = expectedGradient(1);
        trajectory(KerasSemantics.PYTORCH);
        // On clamped probabilities the two confidently wrong rows (logit -40 with t = 1: p < 1e-12; logit 24 with
        // t = 0: p rounds to 1) give no gradient at all; Keras' exact sigmoid(z) - t gives them -1/8 and +1/8,
        // which dominate the first weight's gradient (x = -5 and 3 there).
        double[] probsGrad = gradients[0];
        assertThat(Math.abs(probsGrad[0] - wantGrad[0])).isGreaterThan(0.5);
        // The third weight's gradient is ~1e-7: Keras' epsilon hat (1e-7 on the uncorrected root, effectively
        // 3.2e-6 at step 1) holds its step to ~0.15 lr; 1e-8 on the corrected root lets it move ~0.95 lr.
        double[] epsOnly = trajectory(new KerasSemantics(Gan.Bce.LOGITS, Adam.Epsilon.CORRECTED, true))[0];
        assertClose(gradients[0], wantGrad, 1e-6, "gradient with Keras' BCE");
        assertThat(Math.abs(epsOnly[2] - want[2])).isGreaterThan(5e-3);
    }
}
