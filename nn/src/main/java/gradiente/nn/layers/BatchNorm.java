package gradiente.nn.layers;

import gradiente.autograd.GradMode;
import gradiente.autograd.Variable;
import gradiente.nn.Layer;
import gradiente.nn.Module;
import gradiente.tensor.Normalization;
import gradiente.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Batch normalisation (thesis 2.4, Ioffe and Szegedy 2015, figure 25) over the channel dimension 1:
 * <pre>
 *   mu = mean_B(x),  sigma^2 = mean_B((x - mu)^2),  x_hat = (x - mu) / sqrt(sigma^2 + eps),  y = gamma x_hat + beta
 * </pre>
 * where {@code B} is every dimension except the channels. In training the batch statistics are used
 * (the output is an ordinary composition of differentiable operations, so gradients of any order flow
 * through mu and sigma^2), and the running averages the thesis describes for test time are updated as
 * {@code running = (1 - momentum) running + momentum batch} (the running variance with the unbiased
 * batch variance, as PyTorch). In evaluation the running statistics are used.
 *
 * <p>Parameters {@code weight} (gamma) and {@code bias} (beta) of shape {@code [C]}; buffers
 * {@code running_mean}, {@code running_var} and {@code num_batches_tracked}, named as in PyTorch.
 */
public abstract class BatchNorm extends Layer {
    private final int channels;
    private final double eps;
    private final double momentum;
    private final boolean affine;
    /** While {@link #recomputeStatistics} runs: running stats are the equal-weight average of the batches seen. */
    private boolean cumulative;

    protected BatchNorm(int channels, double eps, double momentum, boolean affine) {
        if (channels < 1) {
            throw new IllegalArgumentException(name() + ": channels must be >= 1, got " + channels);
        }
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        if (affine) {
            addParameter("weight", Tensor.ones(channels));
            addParameter("bias", Tensor.zeros(channels));
        }
        addBuffer("running_mean", Tensor.zeros(channels));
        addBuffer("running_var", Tensor.ones(channels));
        addBuffer("num_batches_tracked", Tensor.zeros());
    }

    /** Layer name for messages. */
    protected String name() {
        return getClass().getSimpleName();
    }

    /** Checks the input's rank (and throws naming the layer and the shape). */
    protected abstract void checkRank(Variable x);

    public int channels() {
        return channels;
    }

    public Tensor runningMean() {
        return buffer("running_mean");
    }

    public Tensor runningVar() {
        return buffer("running_var");
    }

    @Override
    public Variable forward(Variable x) {
        checkRank(x);
        if (x.size(1) != channels) {
            throw new IllegalArgumentException(name() + ": input " + x.data().shapeString() + " has " + x.size(1)
                    + " channels, expected " + channels);
        }
        int[] dims = Normalization.statDims(x.rank());
        int[] statShape = Normalization.statShape(x.data());
        Variable xHat;
        if (isTraining()) {
            int n = x.data().reducedCount(dims);
            if (n < 2) {
                throw new IllegalArgumentException(name() + ": training needs more than one value per channel, got input "
                        + x.data().shapeString());
            }
            // One fused graph node: statistics, normalisation and the affine transform (see autograd's BatchNorm).
            gradiente.autograd.functions.BatchNorm fn = new gradiente.autograd.functions.BatchNorm(eps);
            Variable y = affine ? fn.apply(x, param("weight"), param("bias")) : fn.apply(x);
            updateRunning(fn.mean(), fn.var(), n);
            return y;
        } else {
            Variable mean = new Variable(runningMean().reshape(statShape));
            Variable std = new Variable(runningVar().add(eps).sqrt().reshape(statShape));
            xHat = x.sub(mean).div(std);
        }
        if (!affine) {
            return xHat;
        }
        return xHat.mul(param("weight").reshape(statShape)).add(param("bias").reshape(statShape));
    }

    private void updateRunning(Tensor batchMean, Tensor batchVar, int n) {
        Tensor rm = runningMean();
        Tensor rv = runningVar();
        Tensor count = buffer("num_batches_tracked");
        double m = cumulative ? 1.0 / (count.item() + 1) : momentum;
        Tensor unbiased = batchVar.reshape(channels).mul((double) n / (n - 1));
        rm.copyFrom(rm.mul(1 - m).add(batchMean.reshape(channels).to(rm.dtype()).mul(m)));
        rv.copyFrom(rv.mul(1 - m).add(unbiased.to(rv.dtype()).mul(m)));
        count.copyFrom(count.add(1));
    }

    /**
     * Re-estimates the running statistics of every batch-norm layer in {@code root} from scratch
     * ("precise BN"): the counters restart at zero, {@code forward} is called for batches
     * {@code 0..batches-1} with {@code root} in training mode and no graph recorded, and each layer's
     * running mean and variance become the equal-weight average of those batches' statistics
     * (PyTorch's {@code momentum=None}). A weight average needs this: its averaged weights never
     * produced the statistics its averaged buffers hold. Parameters do not change; the training mode
     * is restored after.
     *
     * @param forward runs the network on batch {@code i} (the caller chooses the inputs)
     * @return the number of batch-norm layers re-estimated (0: nothing was run)
     */
    public static int recomputeStatistics(Module root, int batches, IntConsumer forward) {
        if (batches < 1) {
            throw new IllegalArgumentException("BatchNorm.recomputeStatistics: batches must be >= 1, got " + batches);
        }
        List<BatchNorm> layers = new ArrayList<>();
        for (Module m : root.namedModules().values()) {
            if (m instanceof BatchNorm bn) {
                layers.add(bn);
            }
        }
        if (layers.isEmpty()) {
            return 0;
        }
        boolean wasTraining = root.isTraining();
        root.train();
        try (var scope = GradMode.noGrad()) {
            for (BatchNorm bn : layers) {
                bn.runningMean().fill(0);
                bn.runningVar().fill(1);
                bn.buffer("num_batches_tracked").fill(0);
                bn.cumulative = true;
            }
            for (int i = 0; i < batches; i++) {
                forward.accept(i);
            }
        } finally {
            for (BatchNorm bn : layers) {
                bn.cumulative = false;
            }
            root.train(wasTraining);
        }
        return layers.size();
    }

    @Override
    protected String describe() {
        return "channels=" + channels + ", eps=" + eps + ", momentum=" + momentum + ", affine=" + affine;
    }
}
