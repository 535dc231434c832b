package gradiente.tensor.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Pool2dGeometry;
import gradiente.tensor.PoolMode;
import gradiente.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The fast pooling of {@link CpuBackend} ({@link CpuPool}) against {@link ReferenceBackend} on random
 * shapes, windows, strides, paddings and layouts, for every {@link PoolMode}, forward (values and the
 * indices of the extremes) and backward. Both accumulate in double in the same order, so the results
 * must be identical, not merely close.
 */
class CpuPoolProperties {
    private static final CpuBackend FAST = new CpuBackend();
    private static final ReferenceBackend REF = new ReferenceBackend();

    @Property(tries = 100)
    void matchesReference(@ForAll long seed) {
        Generator r = new Generator(seed);
        int kh = 1 + r.nextInt(4);
        int kw = 1 + r.nextInt(4);
        Pool2dGeometry g = new Pool2dGeometry(kh, kw, 1 + r.nextInt(3), 1 + r.nextInt(3), r.nextInt(kh / 2 + 1),
                r.nextInt(kw / 2 + 1));
        int h = kh + r.nextInt(9);
        int w = kw + r.nextInt(9);
        Tensor x = RandomLayouts.tensor(r, DType.FLOAT32, 1 + r.nextInt(3), 1 + r.nextInt(4), h, w);
        if (r.nextInt(3) == 0) {
            x = x.sign(); // many ties between equal values
        }
        PoolMode mode = PoolMode.values()[r.nextInt(PoolMode.values().length)];
        check(mode, x, g);
    }

    @Test
    void nanIsTheExtremeAndTiesKeepTheFirst() {
        float nan = Float.NaN;
        Tensor x = Tensor.of(new float[] {1, 3, 3, 0, nan, 2, 5, 5, 4, 4, 1, nan, 0, 0, 2, 2}, 1, 1, 4, 4);
        for (PoolMode mode : PoolMode.values()) {
            check(mode, x, Pool2dGeometry.of(2, 2));
            check(mode, x, new Pool2dGeometry(3, 3, 1, 2, 1, 1));
        }
    }

    /** Planes with at least a vector of windows: ties, NaNs and signed zeros through the vector path. */
    @Test
    void vectorPathKeepsTheReferenceRules() {
        Generator r = new Generator(4);
        float[] v = Tensor.randn(r, DType.FLOAT32, 2, 3, 12, 14).sign().toFloatArray();
        for (int i = 0; i < v.length; i++) {
            int k = r.nextInt(20);
            v[i] = k == 0 ? Float.NaN : k == 1 ? -0.0f : v[i];
        }
        Tensor x = Tensor.of(v, 2, 3, 12, 14);
        for (PoolMode mode : PoolMode.values()) {
            check(mode, x, Pool2dGeometry.of(2, 2));
            check(mode, x, new Pool2dGeometry(3, 2, 1, 2, 0, 0));
        }
    }

    private static void check(PoolMode mode, Tensor x, Pool2dGeometry g) {
        boolean extreme = mode == PoolMode.MAX || mode == PoolMode.MIN;
        int[] shape = {x.size(0), x.size(1), g.outHeight(x.size(2)), g.outWidth(x.size(3))};
        Tensor fast = Tensor.full(7, DType.FLOAT32, gradiente.tensor.Device.CPU, shape);
        Tensor ref = Tensor.zeros(DType.FLOAT32, shape);
        Tensor fastIdx = extreme ? Tensor.full(7, DType.FLOAT32, gradiente.tensor.Device.CPU, shape) : null;
        Tensor refIdx = extreme ? Tensor.zeros(DType.FLOAT32, shape) : null;
        FAST.pool2d(mode, x, g, fast, fastIdx);
        REF.pool2d(mode, x, g, ref, refIdx);
        assertThat(fast.toFloatArray()).as("%s values", mode).containsExactly(ref.toFloatArray());
        if (extreme) {
            assertThat(fastIdx.toFloatArray()).as("%s indices", mode).containsExactly(refIdx.toFloatArray());
        }
        Tensor go = RandomLayouts.tensor(new Generator(x.numel()), DType.FLOAT32, shape);
        Tensor fastIn = Tensor.full(7, DType.FLOAT32, gradiente.tensor.Device.CPU, x.shape());
        Tensor refIn = Tensor.zeros(DType.FLOAT32, x.shape());
        FAST.pool2dBackward(mode, go, refIdx, g, fastIn);
        REF.pool2dBackward(mode, go, refIdx, g, refIn);
        assertThat(fastIn.toFloatArray()).as("%s gradient", mode).containsExactly(refIn.toFloatArray());
    }
}
