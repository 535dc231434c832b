package gradiente.nn.optim;

import gradiente.autograd.Variable;
import gradiente.tensor.Tensor;
import java.util.Collection;

/** Gradient-norm clipping and the WGAN weight clipping. */
public final class Clipping {
    private Clipping() {
    }

    /**
     * Scales all gradients together so that their joint L2 norm is at most {@code maxNorm}: when the
     * norm {@code ||g||} exceeds it, each gradient is multiplied by {@code maxNorm / (||g|| + 1e-6)}.
     * Parameters without a gradient are skipped.
     *
     * @return the norm before clipping
     */
    public static double clipGradNorm(Collection<Variable> params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipGradNorm: maximum norm must be > 0, got " + maxNorm);
        }
        double sq = 0;
        for (Variable p : params) {
            if (p.grad() != null) {
                sq += p.grad().square().sum().item();
            }
        }
        double norm = Math.sqrt(sq);
        if (norm > maxNorm) {
            double factor = maxNorm / (norm + 1e-6);
            for (Variable p : params) {
                if (p.grad() != null) {
                    p.setGrad(p.grad().mul(factor));
                }
            }
        }
        return norm;
    }

    /**
     * WGAN weight clipping (Arjovsky et al. 2017): after each critic update every weight is clamped
     * to {@code [-c, c]} in place, a crude way of keeping the critic Lipschitz.
     */
    public static void clipWeights(Collection<Variable> params, double c) {
        if (!(c > 0)) {
            throw new IllegalArgumentException("clipWeights: clip value must be > 0, got " + c);
        }
        for (Variable p : params) {
            Tensor w = p.data();
            w.copyFrom(w.clamp(-c, c));
        }
    }
}
