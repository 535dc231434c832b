package gradiente.nn.optim;

import gradiente.nn.Module;
import gradiente.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * An exponential moving average of a module's weights, kept in a second module of the same
 * architecture (Polyak averaging; for GAN generators see Yazici et al. 2019, "The unusual effectiveness
 * of averaging in GAN training"). After every update of the source, {@link #update()} moves each
 * floating-point parameter and buffer of the average towards the source's:
 *
 * <pre>
 *   avg_t = avg_{t-1} + r_t (w_t - avg_{t-1}),   r_t = (1 - decay) / (1 - decay^t)
 * </pre>
 *
 * <p>The rate {@code r_t} is the bias correction of Adam's moments in another form: it equals the
 * plain average {@code decay * avg + (1 - decay) * w} started from zero and divided by
 * {@code 1 - decay^t}, so {@code avg_t} is a weighted mean of the weights visited so far only
 * ({@code r_1 = 1} copies the first update) and no trace of the initial weights lingers. Its horizon
 * is about {@code 1 / (1 - decay)} updates. Buffers (batch norm's running statistics) are averaged
 * the same way; batch norm's {@code num_batches_tracked} counter is copied.
 */
public final class WeightAverage {
    private final Module source;
    private final Module average;
    private final double decay;
    private long steps;

    /**
     * @param source  the module being trained
     * @param average a module of the same architecture (same state-dict names and shapes) that receives
     *                the average; its current values are overwritten by the first update
     * @param decay   in [0, 1): 0 copies the source at each update
     */
    public WeightAverage(Module source, Module average, double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("WeightAverage: decay must be in [0, 1), got " + decay);
        }
        Map<String, Tensor> src = source.stateDict();
        Map<String, Tensor> avg = average.stateDict();
        if (!src.keySet().equals(avg.keySet())) {
            throw new IllegalArgumentException("WeightAverage: the average's tensors " + avg.keySet()
                    + " differ from the source's " + src.keySet());
        }
        for (Map.Entry<String, Tensor> e : src.entrySet()) {
            Tensor a = avg.get(e.getKey());
            if (!Arrays.equals(a.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("WeightAverage: tensor '" + e.getKey() + "' is "
                        + e.getValue().shapeString() + " in the source but " + a.shapeString() + " in the average");
            }
        }
        this.source = source;
        this.average = average;
        this.decay = decay;
    }

    public Module average() {
        return average;
    }

    public double decay() {
        return decay;
    }

    /** Number of updates so far. */
    public long steps() {
        return steps;
    }

    /** Sets the update count (a resumed run continues the bias correction where it left off). */
    public void steps(long done) {
        if (done < 0) {
            throw new IllegalArgumentException("WeightAverage: steps must be >= 0, got " + done);
        }
        steps = done;
    }

    /** The rate {@code r_t} the next update will use. */
    public double nextRate() {
        long t = steps + 1;
        return (1 - decay) / (1 - Math.pow(decay, t));
    }

    /** Folds the source's current weights into the average. */
    public void update() {
        double rate = nextRate();
        Map<String, Tensor> avg = average.stateDict();
        for (Map.Entry<String, Tensor> e : source.stateDict().entrySet()) {
            Tensor a = avg.get(e.getKey());
            Tensor w = e.getValue();
            if (rate >= 1 || e.getKey().endsWith("num_batches_tracked")) {
                a.copyFrom(w.to(a.dtype()));
            } else {
                a.addInPlace(w.to(a.dtype()).sub(a), rate);
            }
        }
        steps++;
    }
}
