package gradiente.nn.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import gradiente.autograd.Variable;
import gradiente.nn.regularization.Penalties;
import gradiente.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Optimiser rules checked against steps computed by hand (in float64 scalars) from their formulas. */
class OptimizerTest {
    private static Variable param(double... v) {
        return Variable.parameter(Tensor.of(v.clone(), v.length));
    }

    private static Map<String, Variable> named(Variable p) {
        Map<String, Variable> m = new LinkedHashMap<>();
        m.put("w", p);
        return m;
    }

    private static void setGrad(Variable p, double... g) {
        p.setGrad(Tensor.of(g.clone(), g.length));
    }

    @Test
    void adamEpsilonHatFollowsKerasUpdateStep() {
        // keras/src/optimizers/adam.py update_step: alpha = lr sqrt(1 - b2^t) / (1 - b1^t);
        // m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); var -= m alpha / (sqrt(v) + eps).
        double lr = 2e-4;
        double b1 = 0.5;
        double b2 = 0.999;
        double eps = 1e-7;
        Variable p = param(1.0, -2.0, 0.5, 0.0);
        Adam adam = new Adam(List.of(new ParamGroup(named(p), lr)), b1, b2, eps, Adam.Epsilon.HAT);
        double[] theta = {1.0, -2.0, 0.5, 0.0};
        double[] m = new double[4];
        double[] v = new double[4];
        double[][] grads = {{0.1, -0.3, 1e-7, 0}, {-0.2, 0.0, 2e-7, 0}, {0.5, 0.25, -1e-7, 0}, {1e-3, 7, 1e-8, 0}};
        for (int t = 1; t <= grads.length; t++) {
            double[] g = grads[t - 1];
            setGrad(p, g);
            adam.step();
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < 4; i++) {
                m[i] += (g[i] - m[i]) * (1 - b1);
                v[i] += (g[i] * g[i] - v[i]) * (1 - b2);
                theta[i] -= m[i] * alpha / (Math.sqrt(v[i]) + eps);
            }
            assertThat(p.data().toDoubleArray()).containsExactly(theta, offset(1e-15));
        }
        // The tiny-gradient coordinate: at step 1 Keras moves it lr * 0.0316 * 0.5e-7 / (3.16e-9 + 1e-7) / 0.5,
        // about 0.031 lr; PyTorch's rule (1e-8 on the corrected root) moves it about 0.91 lr.
        Variable q = param(0.0);
        Adam keras = new Adam(List.of(new ParamGroup(named(q), lr)), b1, b2, eps, Adam.Epsilon.HAT);
        setGrad(q, 1e-7);
        keras.step();
        Variable r = param(0.0);
        Adam pytorch = new Adam(List.of(new ParamGroup(named(r), lr)), b1, b2, 1e-8, Adam.Epsilon.CORRECTED);
        setGrad(r, 1e-7);
        pytorch.step();
        assertThat(-q.data().item() / lr).isCloseTo(Math.sqrt(1e-3) * 1e-7 / (Math.sqrt(1e-3) * 1e-7 + 1e-7), offset(1e-9));
        assertThat(-r.data().item() / lr).isCloseTo(1e-7 / (1e-7 + 1e-8), offset(1e-9));
    }

    @Test
    void epsilonHatIsTheCorrectedRuleWithAStepDependentStabiliser() {
        // theta - alpha s / (sqrt(r) + d) = theta - lr s^ / (sqrt(r^) + d / sqrt(1 - b2^t)), checked at t = 1.
        double d = 1e-7;
        Variable p = param(0.3, -0.1);
        Variable q = param(0.3, -0.1);
        Adam hat = new Adam(List.of(new ParamGroup(named(p), 0.01)), 0.9, 0.999, d, Adam.Epsilon.HAT);
        Adam corrected = new Adam(List.of(new ParamGroup(named(q), 0.01)), 0.9, 0.999, d / Math.sqrt(1 - 0.999),
                Adam.Epsilon.CORRECTED);
        setGrad(p, 3e-6, -2e-5);
        setGrad(q, 3e-6, -2e-5);
        hat.step();
        corrected.step();
        assertThat(p.data().toDoubleArray()).containsExactly(q.data().toDoubleArray(), offset(1e-15));
        assertThatThrownBy(() -> new Adam(List.of(new ParamGroup(named(p), 0.01)), 0.9, 0.999, d, null))
                .hasMessageContaining("Adam: epsilon mode");
    }

    @Test
    void adamFollowsAlgorithm87StepByStep() {
        double lr = 0.01;
        double rho1 = 0.9;
        double rho2 = 0.999;
        double delta = 1e-8;
        Variable p = param(1.0, -2.0, 0.5);
        Adam adam = new Adam(named(p), lr, rho1, rho2);
        double[] theta = {1.0, -2.0, 0.5};
        double[] s = new double[3];
        double[] r = new double[3];
        double[][] grads = {{0.1, -0.3, 2.0}, {-0.2, 0.0, 1.0}, {0.5, 0.25, -4.0}, {1e-3, 7, 0}};
        for (int t = 1; t <= grads.length; t++) {
            double[] g = grads[t - 1];
            setGrad(p, g);
            adam.step();
            for (int i = 0; i < 3; i++) {
                s[i] = rho1 * s[i] + (1 - rho1) * g[i];
                r[i] = rho2 * r[i] + (1 - rho2) * g[i] * g[i];
                double sHat = s[i] / (1 - Math.pow(rho1, t));
                double rHat = r[i] / (1 - Math.pow(rho2, t));
                theta[i] += -lr * sHat / (Math.sqrt(rHat) + delta);
            }
            assertThat(p.data().toDoubleArray()).containsExactly(theta, offset(1e-15));
        }
        // The first step of Adam moves each coordinate with a non-zero gradient by about lr (sign of g).
        Variable q = param(0, 0);
        Adam fresh = new Adam(named(q), 0.001);
        setGrad(q, 123, -1e-3);
        fresh.step();
        assertThat(q.data().toDoubleArray()).containsExactly(new double[] {-0.001, 0.001}, offset(1e-7));
        assertThat(fresh.state().keySet()).containsExactly("w/step", "w/s", "w/r");
    }

    @Test
    void sgdPlainMomentumAndNesterov() {
        double[][] grads = {{1, -2}, {0.5, 0.5}, {-1, 3}};
        double lr = 0.1;
        double mu = 0.9;
        Variable plain = param(1, 1);
        Variable mom = param(1, 1);
        Variable nes = param(1, 1);
        SGD a = new SGD(named(plain), lr);
        SGD b = new SGD(named(mom), lr, mu, false);
        SGD c = new SGD(named(nes), lr, mu, true);
        double[] tp = {1, 1};
        double[] tm = {1, 1};
        double[] tn = {1, 1};
        double[] vm = null;
        double[] vn = null;
        for (double[] g : grads) {
            setGrad(plain, g);
            setGrad(mom, g);
            setGrad(nes, g);
            a.step();
            b.step();
            c.step();
            vm = vm == null ? g.clone() : new double[] {mu * vm[0] + g[0], mu * vm[1] + g[1]};
            vn = vn == null ? g.clone() : new double[] {mu * vn[0] + g[0], mu * vn[1] + g[1]};
            for (int i = 0; i < 2; i++) {
                tp[i] -= lr * g[i];
                tm[i] -= lr * vm[i];
                tn[i] -= lr * (g[i] + mu * vn[i]);
            }
            assertThat(plain.data().toDoubleArray()).containsExactly(tp, offset(1e-15));
            assertThat(mom.data().toDoubleArray()).containsExactly(tm, offset(1e-15));
            assertThat(nes.data().toDoubleArray()).containsExactly(tn, offset(1e-15));
        }
    }

    @Test
    void coupledWeightDecayIsTheL2GradientAndDecoupledShrinksFirst() {
        // Thesis 2.4: w <- (1 - eps lambda) w - eps grad L.
        Variable p = param(2.0);
        SGD sgd = new SGD(List.of(new ParamGroup(named(p), 0.1).weightDecay(0.5, false)), 0, false);
        setGrad(p, 1.0);
        sgd.step();
        assertThat(p.data().item()).isCloseTo((1 - 0.1 * 0.5) * 2 - 0.1 * 1, offset(1e-15));
        // The same update from the L2 penalty term added to the loss.
        Variable q = param(2.0);
        Variable loss = q.mul(new Variable(Tensor.of(new double[] {1.0}, 1))).sum()
                .add(Penalties.l2(List.of(q), 0.5));
        loss.backward();
        new SGD(named(q), 0.1).step();
        assertThat(q.data().item()).isCloseTo(p.data().item(), offset(1e-15));
        // AdamW: theta <- (1 - lr lambda) theta, then the Adam step.
        Variable w = param(2.0);
        Adam adamw = new Adam(List.of(new ParamGroup(named(w), 0.1).weightDecay(0.5, true)), 0.9, 0.999, 1e-8);
        setGrad(w, 3.0);
        adamw.step();
        assertThat(w.data().item()).isCloseTo(2 * (1 - 0.05) - 0.1 * 3 / (3 + 1e-8), offset(1e-12));
    }

    @Test
    void penaltiesAndTheirGradients() {
        Variable w = param(3, -4);
        Variable l1 = Penalties.l1(List.of(w), 0.1);
        assertThat(l1.item()).isCloseTo(0.7, offset(1e-12));
        l1.backward();
        assertThat(w.grad().toDoubleArray()).containsExactly(new double[] {0.1, -0.1}, offset(1e-15));
        Map<String, Variable> all = new LinkedHashMap<>();
        all.put("0.weight", w);
        all.put("0.bias", param(1));
        assertThat(Penalties.weightsOnly(all).keySet()).containsExactly("0.weight");
        assertThat(Penalties.l2(Penalties.weightsOnly(all).values(), 2).item()).isCloseTo(25, offset(1e-12));
    }

    @Test
    void clipping() {
        Variable a = param(0, 0);
        Variable b = param(0);
        setGrad(a, 3, 0);
        setGrad(b, 4);
        double norm = Clipping.clipGradNorm(List.of(a, b), 1.0);
        assertThat(norm).isEqualTo(5);
        assertThat(a.grad().toDoubleArray()[0]).isCloseTo(0.6, offset(1e-6));
        assertThat(b.grad().item()).isCloseTo(0.8, offset(1e-6));
        assertThat(Clipping.clipGradNorm(List.of(a, b), 10)).isCloseTo(1, offset(1e-6));
        assertThat(b.grad().item()).isCloseTo(0.8, offset(1e-6));
        Variable w = param(-0.5, 0.001, 0.2);
        Clipping.clipWeights(List.of(w), 0.01);
        assertThat(w.data().toDoubleArray()).containsExactly(-0.01, 0.001, 0.01);
    }

    @Test
    void stateExportAndImportContinueIdentically() {
        Variable p1 = param(1, 2);
        Variable p2 = param(1, 2);
        Adam a = new Adam(named(p1), 0.1);
        setGrad(p1, 0.3, -0.7);
        a.step();
        Adam b = new Adam(named(p2), 0.5);
        p2.data().copyFrom(p1.data());
        b.loadState(a.state(), a.hyperparameters());
        assertThat(b.groups().get(0).lr()).isEqualTo(0.1);
        setGrad(p1, 0.2, 0.1);
        setGrad(p2, 0.2, 0.1);
        a.step();
        b.step();
        assertThat(p2.data().toDoubleArray()).containsExactly(p1.data().toDoubleArray());
        assertThat(b.state().get("w/step").item()).isEqualTo(2);
        Map<String, Tensor> bad = new LinkedHashMap<>(a.state());
        bad.put("w/s", Tensor.zeros(3));
        assertThatThrownBy(() -> b.loadState(bad, null)).hasMessageContaining("'w/s'").hasMessageContaining("[3]")
                .hasMessageContaining("[2]");
        assertThatThrownBy(() -> new SGD(named(p2), 0.1).loadState(a.state(), a.hyperparameters()))
                .hasMessageContaining("saved by Adam");
    }
}
