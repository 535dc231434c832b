package gradiente.tensor.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.tensor.HeapStorage;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gathered column matrix is the im2col matrix: a product with it is bit for bit the product with the
 * explicit {@link Im2col} matrix, for strides, dilations, paddings, groups, several samples side by side
 * and a column count that leaves a narrow last sliver (where the padded column indices are used); and its
 * transpose (the weight gradient's operand) likewise.
 */
class GatheredBTest {
    @ParameterizedTest
    @CsvSource({
        // n, c, h, w, o, groups, kh, kw, sh, sw, dh, dw, pt, pl, ho, wo, b0, samples
        "5, 64, 14, 14, 64, 1, 3, 3, 2, 2, 1, 1, 0, 0, 7, 7, 1, 4",   // the DCGAN's d.conv2 ("same": pad 0 before, 1 after)
        "3, 6, 13, 13, 8, 1, 3, 3, 1, 1, 1, 1, 0, 0, 11, 11, 0, 3",   // the classifier's c.conv2, valid
        "2, 6, 9, 11, 4, 2, 3, 2, 2, 3, 2, 1, 1, 2, 5, 5, 1, 1",      // groups, dilation, both paddings, odd strides
        "4, 3, 7, 7, 5, 1, 5, 5, 1, 1, 1, 1, 2, 2, 7, 7, 2, 2",       // k5 same
        "2, 2, 6, 6, 3, 1, 1, 1, 2, 2, 1, 1, 0, 0, 3, 3, 0, 2",       // 1x1 stride 2: 9 columns per sample
        "2, 130, 6, 6, 3, 1, 3, 3, 1, 1, 1, 1, 1, 1, 6, 6, 0, 2",     // 1170 taps: several depth blocks
    })
    void aProductWithTheGatheredMatrixIsTheProductWithIm2col(int n, int c, int h, int w, int o, int groups, int kh,
            int kw, int sh, int sw, int dh, int dw, int pt, int pl, int ho, int wo, int b0, int samples) {
        ConvPlan p = new ConvPlan(n, c, h, w, o, groups, kh, kw, sh, sw, dh, dw, pt, pl, ho, wo);
        Random rnd = new Random(7);
        float[] x = new float[n * c * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        int k = p.k(), cols = samples * p.p(), m = 9;
        float[] a = new float[m * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        GemmF32 kern = new GemmF32(GemmF32.MACHINE);
        MatrixOperand am = new MatrixOperand(HeapStorage.wrap(a), 0, k, 1);
        for (int g = 0; g < groups; g++) {
            float[] explicit = new float[k * cols];
            for (int s = 0; s < samples; s++) {
                Im2col.im2col(x, ((b0 + s) * c + g * p.cg()) * h * w, p, explicit, cols, s * p.p());
            }
            float[] want = new float[m * cols];
            PackedGemm.gemm(kern, am, new MatrixOperand(HeapStorage.wrap(explicit), 0, cols, 1), HeapStorage.wrap(want),
                    0, cols, m, cols, k, false);
            GatheredB gathered = GatheredB.im2col(x, p, b0, samples, g, kern.nr());
            assertThat(gathered.cols()).isEqualTo(cols);
            float[] got = new float[m * cols];
            PackedGemm.gemm(kern, am, gathered, HeapStorage.wrap(got), 0, cols, m, cols, k, false);
            assertThat(got).as("group %d", g).containsExactly(want);
            // the weights packed once (PrepackedA), as the convolutions multiply them
            float[] packed = new float[PrepackedA.size(m, k, kern) + 5];
            PrepackedA pre = PrepackedA.of(am, m, k, kern, packed, 5);
            float[] gotPre = new float[m * cols];
            PackedGemm.gemm(kern, pre, GatheredB.im2col(x, p, b0, samples, g, kern.nr()), HeapStorage.wrap(gotPre), 0,
                    cols, false);
            assertThat(gotPre).as("prepacked, group %d", g).containsExactly(want);

            // the transposed operand: go [m, cols] @ cols^T [cols, k] against the explicit matrix read transposed
            float[] go = new float[m * cols];
            for (int i = 0; i < go.length; i++) {
                go[i] = (float) rnd.nextGaussian();
            }
            MatrixOperand gm = new MatrixOperand(HeapStorage.wrap(go), 0, cols, 1);
            float[] wantT = new float[m * k];
            PackedGemm.gemm(kern, gm, new MatrixOperand(HeapStorage.wrap(explicit), 0, 1, cols), HeapStorage.wrap(wantT),
                    0, k, m, k, cols, false);
            GatheredB transposed = GatheredB.im2colTransposed(x, p, b0, samples, g, kern.nr());
            assertThat(transposed.cols()).isEqualTo(k);
            float[] gotT = new float[m * k];
            PackedGemm.gemm(kern, gm, transposed, HeapStorage.wrap(gotT), 0, k, m, k, cols, false);
            float[] gotChannelsFirst = new float[m * k];
            for (int i = 0; i < m; i++) {
                for (int col = 0; col < k; col++) {
                    gotChannelsFirst[i * k + GatheredB.channelsFirstTap(col, p)] = gotT[i * k + col];
                }
            }
            assertThat(gotChannelsFirst).as("transposed, group %d", g).containsExactly(wantT);
        }
    }

    /**
     * Packing reads the gathered values whatever the column offsets look like: runs of every length
     * (one load, two loads blended, or a gather per sliver half), runs that start before the first element
     * or end past the last one of {@code src} (where the loads would leave the array), on a {@code src} of
     * exactly the size the offsets need. The product with an identity A is B itself.
     */
    @org.junit.jupiter.api.RepeatedTest(20)
    void packingReadsTheGatheredValuesForAnyColumnOffsets(org.junit.jupiter.api.RepetitionInfo info) {
        Random rnd = new Random(info.getCurrentRepetition());
        int depth = 1 + rnd.nextInt(7);
        int cols = 1 + rnd.nextInt(80);
        GemmF32 kern = new GemmF32(GemmF32.MACHINE);
        int nr = kern.nr();
        int[] rowOff = new int[depth];
        for (int p = 0; p < depth; p++) {
            rowOff[p] = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(40);
        }
        int[] colIdx = new int[GemmKernel.roundUp(cols, nr)];
        int next = rnd.nextInt(4);
        for (int j = 0; j < cols; j++) {
            if (rnd.nextInt(1 + rnd.nextInt(14)) == 0) {
                next = rnd.nextInt(3) == 0 ? rnd.nextInt(3) : rnd.nextInt(60);
            }
            colIdx[j] = next++;
        }
        GatheredB.padColumns(colIdx, cols, nr);
        int size = 0;
        for (int p = 0; p < depth; p++) {
            for (int j = 0; j < colIdx.length; j++) {
                size = Math.max(size, rowOff[p] + colIdx[j] + 1);
            }
        }
        float[] src = new float[size];
        for (int i = 0; i < size; i++) {
            src[i] = (float) rnd.nextGaussian();
        }
        float[] eye = new float[depth * depth];
        for (int p = 0; p < depth; p++) {
            eye[p * depth + p] = 1f;
        }
        float[] want = new float[depth * cols];
        for (int p = 0; p < depth; p++) {
            for (int j = 0; j < cols; j++) {
                want[p * cols + j] = src[rowOff[p] + colIdx[j]];
            }
        }
        for (boolean gatherOnly : new boolean[] {false, true}) {
            GemmF32.gatherOnly = gatherOnly;
            try {
                float[] got = new float[depth * cols];
                PackedGemm.gemm(kern, new MatrixOperand(HeapStorage.wrap(eye), 0, depth, 1),
                        new GatheredB(src, rowOff, colIdx, cols), HeapStorage.wrap(got), 0, cols, depth, cols, depth,
                        false);
                assertThat(got).as("gatherOnly %s", gatherOnly).containsExactly(want);
            } finally {
                GemmF32.gatherOnly = false;
            }
        }
    }

    /**
     * The parity split of stride-2 copies for each row length around one vector per parity (the path that makes
     * its masks once per call when a parity is exactly one vector, and the per-vector path otherwise), with padding
     * rows above and below and the last sample ending at the end of {@code src}, where the two-vector loads of
     * the last rows would pass it and the row copy takes over. Checked against the definition element by element.
     */
    @ParameterizedTest
    @CsvSource({"-2, 0", "-1, 0", "-2, 1", "0, 0", "-3, 2", "-4, 0"})
    void theParitySplitCopyPutsEvenColumnsFirstThenOddOnesThenZeros(int widthFromTwoVectors, int top) {
        int vl = CpuVectors.F32.length();
        int w = 2 * vl + widthFromTwoVectors;
        int h = 5, planes = 3, samples = 2, hp = h + top + 1, sw = 2;
        int wps = Math.ceilDiv(w + 1, 2);
        int sampleStride = planes * h * w + 3;
        int first = 2;
        float[] src = new float[first + (samples - 1) * sampleStride + planes * h * w];
        Random rnd = new Random(w * 31 + top);
        for (int i = 0; i < src.length; i++) {
            src[i] = (float) rnd.nextGaussian();
        }
        float[] dst = new float[samples * planes * hp * 2 * wps];
        java.util.Arrays.fill(dst, Float.NaN);
        GatheredB.padSplit(src, first, sampleStride, samples, planes, h, w, top, 0, hp, sw, wps, dst);
        for (int s = 0; s < samples; s++) {
            for (int c = 0; c < planes; c++) {
                for (int y = 0; y < hp; y++) {
                    for (int rr = 0; rr < 2; rr++) {
                        for (int idx = 0; idx < wps; idx++) {
                            int col = 2 * idx + rr;
                            int iy = y - top;
                            float want = iy >= 0 && iy < h && col < w
                                    ? src[first + s * sampleStride + (c * h + iy) * w + col] : 0f;
                            int at = ((s * planes + c) * hp + y) * 2 * wps + rr * wps + idx;
                            assertThat(dst[at]).as("w %d sample %d plane %d row %d parity %d entry %d", w, s, c, y, rr, idx)
                                    .isEqualTo(want);
                        }
                    }
                }
            }
        }
    }
}
