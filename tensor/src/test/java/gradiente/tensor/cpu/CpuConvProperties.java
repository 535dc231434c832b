package gradiente.tensor.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The fast convolutions of {@link CpuBackend} ({@link CpuConv}: im2col + packed GEMM, col2im, the direct
 * kernels for few output channels) against the scalar {@link ReferenceBackend} on random shapes,
 * strides, per-side paddings, dilations, groups and random (non-contiguous, flipped, expanded) layouts,
 * for the forward pass and both gradients.
 *
 * <p>Tolerance: a float32 sum of {@code k} products has error at most {@code k * eps * sum |terms|}
 * (recursive summation, blocked or not), and {@code sum |terms|} is what the reference computes from the
 * absolute values of the operands; plus the final rounding of the double-precision reference to float32.
 */
class CpuConvProperties {
    private static final CpuBackend FAST = new CpuBackend();
    private static final ReferenceBackend REF = new ReferenceBackend();
    private static final double EPS = 6e-8;

    /** A random convolution case: sizes, geometry and operands (possibly views, possibly float64). */
    private record Case(Tensor x, Tensor w, Tensor gradOut, Conv2dGeometry g) {
    }

    private static Case randomCase(Generator r, int maxOutPerGroup) {
        while (true) {
            int groups = 1 + (r.nextInt(3) == 0 ? r.nextInt(3) : 0);
            int cg = 1 + r.nextInt(4);
            int og = 1 + r.nextInt(maxOutPerGroup);
            int n = r.nextInt(4) == 0 ? 8 + r.nextInt(10) : 1 + r.nextInt(3); // 8+: several samples per GEMM
            int h = 1 + r.nextInt(11);
            int w = 1 + r.nextInt(r.nextInt(4) == 0 ? 40 : 11); // wide rows fill the direct kernels' vector blocks
            int kh = 1 + r.nextInt(4);
            int kw = 1 + r.nextInt(4);
            Conv2dGeometry g = new Conv2dGeometry(1 + r.nextInt(3), r.nextInt(3) == 0 ? 1 + r.nextInt(3) : 1,
                    r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3), 1 + r.nextInt(2), 1 + r.nextInt(2), groups);
            int ho = g.outHeight(h, kh);
            int wo = g.outWidth(w, kw);
            if (ho < 1 || wo < 1) {
                continue;
            }
            // The gradient may cover fewer rows/columns than the convolution produces (transposed
            // convolutions whose output padding is resolved by the caller).
            int hg = r.nextInt(4) == 0 ? 1 + r.nextInt(ho) : ho;
            int wg = r.nextInt(4) == 0 ? 1 + r.nextInt(wo) : wo;
            DType xt = r.nextInt(6) == 0 ? DType.FLOAT64 : DType.FLOAT32;
            Tensor x = RandomLayouts.tensor(r, xt, n, cg * groups, h, w);
            Tensor wt = RandomLayouts.tensor(r, DType.FLOAT32, og * groups, cg, kh, kw);
            Tensor go = RandomLayouts.tensor(r, DType.FLOAT32, n, og * groups, hg, wg);
            return new Case(x, wt, go, g);
        }
    }

    @Property(tries = 80)
    void forwardMatchesReference(@ForAll long seed) {
        Case c = randomCase(new Generator(seed), seed % 2 == 0 ? 3 : 14);
        checkForward(c.x(), c.w(), c.g());
    }

    @Property(tries = 80)
    void inputGradientMatchesReference(@ForAll long seed) {
        Case c = randomCase(new Generator(seed), seed % 2 == 0 ? 3 : 14);
        checkInputGradient(c.gradOut(), c.w(), c.g(), c.x().size(2), c.x().size(3));
    }

    @Property(tries = 80)
    void weightGradientMatchesReference(@ForAll long seed) {
        Case c = randomCase(new Generator(seed), seed % 2 == 0 ? 3 : 14);
        checkWeightGradient(c.x(), c.gradOut(), c.g(), c.w().size(2), c.w().size(3));
    }

    /** Deep (k > one GEMM depth block) and wide (p > one column block) products, pointwise kernels. */
    @Test
    void largeAndPointwiseShapes() {
        Generator r = new Generator(11);
        int n = 2; // batch 16 was also checked by hand (2 min on the reference loops)
        Tensor x = Tensor.randn(r, DType.FLOAT32, 2, 40, 9, 9);
        Tensor w = Tensor.randn(r, DType.FLOAT32, 7, 40, 3, 3);
        checkAll(x, w, Conv2dGeometry.of(1, 1));
        checkAll(Tensor.randn(r, DType.FLOAT32, 2, 3, 41, 40), Tensor.randn(r, DType.FLOAT32, 8, 3, 1, 1),
                Conv2dGeometry.of(1, 0));
        checkAll(Tensor.randn(r, DType.FLOAT32, 2, 6, 10, 10), Tensor.randn(r, DType.FLOAT32, 4, 3, 1, 1),
                Conv2dGeometry.of(1, 0).withGroups(2));
    }

    /** The DCGAN generator's layers in miniature: a one-channel 7x7 "same" head and a stride-2 transposed conv. */
    @Test
    void generatorLikeLayers() {
        Generator r = new Generator(5);
        checkAll(Tensor.randn(r, DType.FLOAT32, 3, 12, 9, 9), Tensor.randn(r, DType.FLOAT32, 1, 12, 7, 7),
                Conv2dGeometry.same(7, 7));
        checkAll(Tensor.randn(r, DType.FLOAT32, 2, 5, 11, 37), Tensor.randn(r, DType.FLOAT32, 2, 5, 7, 7),
                Conv2dGeometry.same(7, 7));
        checkAll(Tensor.randn(r, DType.FLOAT32, 3, 8, 10, 10), Tensor.randn(r, DType.FLOAT32, 8, 8, 4, 4),
                Conv2dGeometry.of(2, 1));
        checkAll(Tensor.randn(r, DType.FLOAT32, 2, 1, 12, 12), Tensor.randn(r, DType.FLOAT32, 16, 1, 3, 3),
                Conv2dGeometry.same(12, 12, 3, 3, 2, 2, 1, 1));
    }

    /**
     * A batch whose chunks of the weight gradient hold more samples than one GEMM depth block takes (1024 /
     * 400 positions = 2), so that later blocks accumulate into the chunk's partial.
     */
    @Test
    void weightGradientAccumulatesSampleBlocks() {
        Generator r = new Generator(13);
        Tensor x = Tensor.randn(r, DType.FLOAT32, 4 * CpuThreads.parallelism() * 3, 3, 20, 20);
        Tensor go = Tensor.randn(r, DType.FLOAT32, x.size(0), 5, 20, 20);
        checkWeightGradient(x, go, Conv2dGeometry.of(1, 1), 3, 3);
    }

    /** The thesis DCGAN's layers at their real sizes (batch 2): G's two transposed convs and head, D's two convs. */
    @Test
    void dcganLayersAtFullSize() {
        Generator r = new Generator(11);
        int n = 2; // batch 16 was also checked by hand (2 min on the reference loops)
        checkAll(Tensor.randn(r, DType.FLOAT32, n, 128, 14, 14), Tensor.randn(r, DType.FLOAT32, 128, 128, 4, 4),
                Conv2dGeometry.of(2, 1));
        checkAll(Tensor.randn(r, DType.FLOAT32, n, 128, 28, 28), Tensor.randn(r, DType.FLOAT32, 128, 128, 4, 4),
                Conv2dGeometry.of(2, 1));
        checkAll(Tensor.randn(r, DType.FLOAT32, n, 128, 28, 28), Tensor.randn(r, DType.FLOAT32, 1, 128, 7, 7),
                Conv2dGeometry.same(7, 7));
        checkAll(Tensor.randn(r, DType.FLOAT32, n, 1, 28, 28), Tensor.randn(r, DType.FLOAT32, 64, 1, 3, 3),
                Conv2dGeometry.same(28, 28, 3, 3, 2, 2, 1, 1));
        checkAll(Tensor.randn(r, DType.FLOAT32, n, 64, 14, 14), Tensor.randn(r, DType.FLOAT32, 64, 64, 3, 3),
                Conv2dGeometry.same(14, 14, 3, 3, 2, 2, 1, 1));
    }

    /** One or two images: the output (or input-gradient) channels are split across tasks. */
    @Test
    void smallBatchesSplitChannelsAcrossTasks() {
        Generator r = new Generator(9);
        checkAll(Tensor.randn(r, DType.FLOAT32, 1, 40, 9, 9), Tensor.randn(r, DType.FLOAT32, 48, 40, 3, 3),
                Conv2dGeometry.of(1, 1));
        checkAll(Tensor.randn(r, DType.FLOAT32, 2, 36, 10, 10), Tensor.randn(r, DType.FLOAT32, 40, 36, 4, 4),
                Conv2dGeometry.of(2, 1));
        checkAll(Tensor.randn(r, DType.FLOAT32, 1, 64, 6, 6), Tensor.randn(r, DType.FLOAT32, 64, 32, 3, 3),
                Conv2dGeometry.of(1, 1).withGroups(2));
    }

    private static void checkAll(Tensor x, Tensor w, Conv2dGeometry g) {
        Tensor out = checkForward(x, w, g);
        Tensor go = Tensor.randn(new Generator(x.numel()), DType.FLOAT32, out.shape());
        checkInputGradient(go, w, g, x.size(2), x.size(3));
        checkWeightGradient(x, go, g, w.size(2), w.size(3));
    }

    private static Tensor checkForward(Tensor x, Tensor w, Conv2dGeometry g) {
        int[] shape = {x.size(0), w.size(0), g.outHeight(x.size(2), w.size(2)), g.outWidth(x.size(3), w.size(3))};
        Tensor fast = Tensor.zeros(DType.FLOAT32, shape);
        Tensor ref = Tensor.zeros(DType.FLOAT64, shape);
        Tensor bound = Tensor.zeros(DType.FLOAT64, shape);
        FAST.conv2d(x, w, g, fast);
        REF.conv2d(x, w, g, ref);
        REF.conv2d(x.abs(), w.abs(), g, bound);
        assertClose("conv2d", fast, ref, bound, w.size(1) * w.size(2) * w.size(3));
        return fast;
    }

    private static void checkInputGradient(Tensor go, Tensor w, Conv2dGeometry g, int h, int wd) {
        int[] shape = {go.size(0), w.size(1) * g.groups(), h, wd};
        Tensor fast = Tensor.full(7.0, DType.FLOAT32, gradiente.tensor.Device.CPU, shape);
        Tensor ref = Tensor.zeros(DType.FLOAT64, shape);
        Tensor bound = Tensor.zeros(DType.FLOAT64, shape);
        FAST.conv2dBackwardInput(go, w, g, fast);
        REF.conv2dBackwardInput(go, w, g, ref);
        REF.conv2dBackwardInput(go.abs(), w.abs(), g, bound);
        assertClose("conv2dBackwardInput", fast, ref, bound, w.size(0) / g.groups() * w.size(2) * w.size(3));
    }

    private static void checkWeightGradient(Tensor x, Tensor go, Conv2dGeometry g, int kh, int kw) {
        int[] shape = {go.size(1), x.size(1) / g.groups(), kh, kw};
        Tensor fast = Tensor.full(7.0, DType.FLOAT32, gradiente.tensor.Device.CPU, shape);
        Tensor ref = Tensor.zeros(DType.FLOAT64, shape);
        Tensor bound = Tensor.zeros(DType.FLOAT64, shape);
        FAST.conv2dBackwardWeight(x, go, g, fast);
        REF.conv2dBackwardWeight(x, go, g, ref);
        REF.conv2dBackwardWeight(x.abs(), go.abs(), g, bound);
        assertClose("conv2dBackwardWeight", fast, ref, bound, x.size(0) * go.size(2) * go.size(3));
    }

    private static void assertClose(String op, Tensor fast, Tensor ref, Tensor bound, int terms) {
        assertThat(fast.shape()).containsExactly(ref.shape());
        double[] a = fast.toDoubleArray();
        double[] e = ref.toDoubleArray();
        double[] s = bound.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            double tol = (terms + 4) * EPS * s[i] + EPS * Math.abs(e[i]) + 1e-30;
            if (!(Math.abs(a[i] - e[i]) <= tol)) {
                throw new AssertionError(op + ": element " + i + " of " + fast.shapeString() + " is " + a[i]
                        + ", reference " + e[i] + " (tolerance " + tol + ")");
            }
        }
    }
}
