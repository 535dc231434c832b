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

    /**
     * Stride-1 3x3 correlations with at least 16 channels per group on both sides, which take the Winograd
     * F(2x2, 3x3) path ({@link ConvWinograd}) forward and for the input gradient: odd and even planes, every
     * padding from 0 to 2 on each side, gradients covering fewer rows and columns, groups, views.
     */
    @Property(tries = 40)
    void winogradShapesMatchReference(@ForAll long seed) {
        Generator r = new Generator(seed);
        int groups = 1 + (r.nextInt(3) == 0 ? 1 : 0);
        int cg = ConvWinograd.MIN_CHANNELS + r.nextInt(9);
        int og = ConvWinograd.MIN_CHANNELS + r.nextInt(9);
        int n = r.nextInt(3) == 0 ? 8 + r.nextInt(9) : 1 + r.nextInt(3);
        int h = 2 + r.nextInt(14);
        int w = 2 + r.nextInt(r.nextInt(4) == 0 ? 30 : 14);
        Conv2dGeometry g = new Conv2dGeometry(1, 1, r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3), 1, 1,
                groups);
        int ho = g.outHeight(h, 3), wo = g.outWidth(w, 3);
        if (ho < 2 || wo < 2) {
            return;
        }
        Tensor x = RandomLayouts.tensor(r, DType.FLOAT32, n, cg * groups, h, w);
        Tensor wt = RandomLayouts.tensor(r, DType.FLOAT32, og * groups, cg, 3, 3);
        assertThat(ConvWinograd.suits(ConvPlan.of(x.shape(), wt.shape(), ho, wo, g))).isTrue();
        assertThat(ConvWinograd.suitsInputGradient(ConvPlan.of(x.shape(), wt.shape(), ho, wo, g))).isTrue();
        checkWinograd(x, wt, g, RandomLayouts.tensor(r, DType.FLOAT32, n, og * groups,
                r.nextInt(4) == 0 ? 2 + r.nextInt(ho - 1) : ho, r.nextInt(4) == 0 ? 2 + r.nextInt(wo - 1) : wo));
    }

    /**
     * The forward pass and the input gradient of a stride-1 3x3 correlation on the Winograd path against the
     * reference. Its rounding error is bounded by the magnitudes of the terms it actually adds, which cover
     * the whole 4x4 input tile of an output's 2x2 block rather than the output's own 3x3 window (at a padded
     * border the window may hold one input where the tile holds four): {@link #winogradTerms} computes them
     * in double, and the tolerance is the recursive-summation bound over those terms.
     */
    private static void checkWinograd(Tensor x, Tensor w, Conv2dGeometry g, Tensor go) {
        int n = x.size(0), c = x.size(1), h = x.size(2), wd = x.size(3), o = w.size(0), groups = g.groups();
        int ho = g.outHeight(h, 3), wo = g.outWidth(wd, 3);
        int[] shape = {n, o, ho, wo};
        // the forward pass straight on ConvWinograd (CpuConv keeps im2col there), the input gradient through CpuBackend
        float[] fastOut = new float[n * o * ho * wo];
        ConvWinograd.forward(CpuConv.f32(x), CpuConv.f32(w), fastOut, ConvPlan.of(x.shape(), w.shape(), ho, wo, g));
        Tensor fast = Tensor.of(fastOut, shape);
        Tensor ref = Tensor.zeros(DType.FLOAT64, shape);
        REF.conv2d(x, w, g, ref);
        double[] wv = w.toDoubleArray();
        assertWinogradClose("conv2d", fast, ref, winogradTerms(x.toDoubleArray(), wv, n, c, h, wd, o, groups,
                g.padTop(), g.padLeft(), ho, wo), c / groups);
        int cg = c / groups, og = o / groups;
        double[] flipped = new double[wv.length];
        for (int gi = 0; gi < groups; gi++) {
            for (int oi = 0; oi < og; oi++) {
                for (int ci = 0; ci < cg; ci++) {
                    for (int e = 0; e < 9; e++) {
                        flipped[((gi * cg + ci) * og + oi) * 9 + e] = wv[((gi * og + oi) * cg + ci) * 9 + 8 - e];
                    }
                }
            }
        }
        int[] inShape = {n, c, h, wd};
        Tensor fastIn = Tensor.full(7.0, DType.FLOAT32, gradiente.tensor.Device.CPU, inShape);
        Tensor refIn = Tensor.zeros(DType.FLOAT64, inShape);
        FAST.conv2dBackwardInput(go, w, g, fastIn);
        REF.conv2dBackwardInput(go, w, g, refIn);
        assertWinogradClose("conv2dBackwardInput", fastIn, refIn, winogradTerms(go.toDoubleArray(), flipped, n, o,
                go.size(2), go.size(3), c, groups, 2 - g.padTop(), 2 - g.padLeft(), h, wd), og);
    }

    /**
     * For each output of the correlation of {@code x [n, c, h, w]} with {@code w [o, c/groups, 3, 3]} (padding
     * pt, pl; output ho x wo) computed by F(2x2, 3x3): the sum over its 16 tile positions xi of
     * {@code |A^T row coefficient| * sum_c |U_xi| |V_xi|}, where U = G g G^T and V = B^T d B are the
     * transformed weights and input tile (in double), i.e. the magnitudes of every product and sum it adds.
     */
    private static double[] winogradTerms(double[] x, double[] w, int n, int c, int h, int wd, int o, int groups,
            int pt, int pl, int ho, int wo) {
        double[][] bt = {{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}};
        double[][] gm = {{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0, 0, 1}};
        double[][] at = {{1, 1, 1, 0}, {0, 1, -1, -1}};
        int cg = c / groups, og = o / groups;
        double[] out = new double[n * o * ho * wo];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                int gi = oc / og;
                for (int ty = 0; 2 * ty < ho; ty++) {
                    for (int tx = 0; 2 * tx < wo; tx++) {
                        double[][] m = new double[4][4];
                        for (int ci = 0; ci < cg; ci++) {
                            int ch = gi * cg + ci;
                            for (int i = 0; i < 4; i++) {
                                for (int j = 0; j < 4; j++) {
                                    double su = 0, sv = 0;
                                    for (int p = 0; p < 3; p++) {
                                        for (int q = 0; q < 3; q++) {
                                            su += gm[i][p] * gm[j][q] * w[((oc * cg + ci) * 3 + p) * 3 + q];
                                        }
                                    }
                                    for (int p = 0; p < 4; p++) {
                                        for (int q = 0; q < 4; q++) {
                                            int y = 2 * ty + p - pt, xx = 2 * tx + q - pl;
                                            if (y >= 0 && y < h && xx >= 0 && xx < wd) {
                                                sv += Math.abs(bt[i][p] * bt[j][q]) * Math.abs(x[((b * c + ch) * h + y) * wd + xx]);
                                            }
                                        }
                                    }
                                    m[i][j] += Math.abs(su) * sv;
                                }
                            }
                        }
                        for (int yi = 0; yi < 2 && 2 * ty + yi < ho; yi++) {
                            for (int xi = 0; xi < 2 && 2 * tx + xi < wo; xi++) {
                                double sum = 0;
                                for (int i = 0; i < 4; i++) {
                                    for (int j = 0; j < 4; j++) {
                                        sum += Math.abs(at[yi][i] * at[xi][j]) * m[i][j];
                                    }
                                }
                                out[((b * o + oc) * ho + 2 * ty + yi) * wo + 2 * tx + xi] = sum;
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** {@link #assertClose} with Winograd's term magnitudes: depth {@code cg} sums, 16 more roundings around them. */
    private static void assertWinogradClose(String op, Tensor fast, Tensor ref, double[] terms, int cg) {
        assertThat(fast.shape()).containsExactly(ref.shape());
        double[] a = fast.toDoubleArray();
        double[] e = ref.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            double tol = (cg + 16) * EPS * terms[i] + EPS * Math.abs(e[i]) + 1e-30;
            if (!(Math.abs(a[i] - e[i]) <= tol)) {
                throw new AssertionError(op + " (Winograd): element " + i + " of " + fast.shapeString() + " is " + a[i]
                        + ", reference " + e[i] + " (tolerance " + tol + ")");
            }
        }
    }

    /** The classifier's c.conv2 (64 -> 64 channels, 13x13 -> 11x11) on the Winograd path, batch 3. */
    @Test
    void classifierConvOnTheWinogradPath() {
        Generator r = new Generator(17);
        Tensor x = Tensor.randn(r, DType.FLOAT32, 3, 64, 13, 13);
        Tensor w = Tensor.randn(r, DType.FLOAT32, 64, 64, 3, 3);
        assertThat(ConvWinograd.suits(ConvPlan.of(x.shape(), w.shape(), 11, 11, Conv2dGeometry.of(1, 0)))).isTrue();
        for (Conv2dGeometry g : new Conv2dGeometry[] {Conv2dGeometry.of(1, 0), Conv2dGeometry.of(1, 1)}) {
            Tensor out = checkForward(x, w, g);
            Tensor go = Tensor.randn(new Generator(5), DType.FLOAT32, out.shape());
            checkWinograd(x, w, g, go);
            checkWeightGradient(x, go, g, 3, 3);
        }
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
