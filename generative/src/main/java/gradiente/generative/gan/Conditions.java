package gradiente.generative.gan;

import gradiente.autograd.Variable;
import gradiente.mnist.batch.OneHot;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;

/** Class conditions of the conditional GAN (thesis 3.3): one-hot vectors joined to a network's input. */
public final class Conditions {
    private Conditions() {
    }

    /** One-hot rows {@code [N, classes]} of the labels, in the dtype and on the device of {@code like}. */
    public static Tensor oneHot(int[] labels, int classes, Tensor like) {
        return OneHot.of(labels, classes, like.dtype(), like.device());
    }

    /** {@code n} labels drawn uniformly from {@code 0..classes-1}. */
    public static int[] randomLabels(Generator gen, int n, int classes) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = gen.nextInt(classes);
        }
        return out;
    }

    /**
     * {@code [x, c]} along dimension 1 for a conditional network ({@code classes > 0}), {@code x}
     * unchanged for an unconditional one. {@code x} must be {@code [N, F]}.
     */
    static Variable join(Variable x, Tensor condition, int classes, String who) {
        if (classes == 0) {
            if (condition != null) {
                throw new IllegalArgumentException(who + ": unconditional network given a condition "
                        + condition.shapeString());
            }
            return x;
        }
        check(condition, x, classes, who);
        return Variable.concat(1, x, new Variable(condition.to(x.data().dtype())));
    }

    /** Fails unless {@code condition} is {@code [N, classes]} for the {@code N} rows of {@code x}. */
    static void check(Tensor condition, Variable x, int classes, String who) {
        if (condition == null || condition.rank() != 2 || condition.size(0) != x.size(0) || condition.size(1) != classes) {
            throw new IllegalArgumentException(who + ": input " + x.data().shapeString() + " needs a condition [" + x.size(0)
                    + ", " + classes + "], got " + (condition == null ? "none" : condition.shapeString()));
        }
    }
}
