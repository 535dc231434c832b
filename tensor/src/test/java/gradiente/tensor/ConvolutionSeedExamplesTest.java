package gradiente.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The worked examples of the seed documents (review seed 000 eq. 4-5; thesis seed 002 section 2.6 and
 * 2.6.1) computed with {@link Convolutions}. Expected values are worked out by hand in the comments.
 */
class ConvolutionSeedExamplesTest {
    /** A 5x5 grey image whose left three columns are white (255) and right two black: one vertical edge. */
    private static Tensor edgeImage() {
        double[] px = new double[25];
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 3; c++) {
                px[r * 5 + c] = 255;
            }
        }
        return Tensor.of(px, DType.FLOAT64, 1, 1, 5, 5);
    }

    /** Thesis figure 34: ones in the first column, zeros in the second, minus ones in the third. */
    private static Tensor verticalEdgeFilter() {
        return Tensor.of(new double[] {1, 0, -1, 1, 0, -1, 1, 0, -1}, DType.FLOAT64, 1, 1, 3, 3);
    }

    @Test
    void verticalEdgeFilterStrideOne() {
        // Each output sums three rows of I[., j] - I[., j+2]: 0 over the white area, 3*255 across the edge.
        Tensor out = Convolutions.conv2d(edgeImage(), verticalEdgeFilter(), Conv2dGeometry.of(1, 0));
        assertThat(out.shape()).containsExactly(1, 1, 3, 3);
        assertThat(out.toDoubleArray()).containsExactly(0, 765, 765, 0, 765, 765, 0, 765, 765);
    }

    @Test
    void verticalEdgeFilterStrideTwoGivesFourOutputs() {
        // Thesis figure 36: windows at columns 0 and 2 of rows 0 and 2.
        Tensor out = Convolutions.conv2d(edgeImage(), verticalEdgeFilter(), Conv2dGeometry.of(2, 0));
        assertThat(out.shape()).containsExactly(1, 1, 2, 2);
        assertThat(out.toDoubleArray()).containsExactly(0, 765, 0, 765);
    }

    @Test
    void mixedStridesTwoRightFourDown() {
        // Thesis: "dos hacia la derecha y cuatro hacia abajo" on the 5x5 image: rows 0 and 4 do not both fit
        // a 3-row window, so only row 0 is visited; columns 0 and 2.
        Tensor out = Convolutions.conv2d(edgeImage(), verticalEdgeFilter(),
                new Conv2dGeometry(4, 2, 0, 0, 0, 0, 1, 1, 1));
        assertThat(out.shape()).containsExactly(1, 1, 1, 2);
        assertThat(out.toDoubleArray()).containsExactly(0, 765);
    }

    @Test
    void trueConvolutionFlipsTheKernel() {
        // Eq. 4 against eq. 5: the flipped edge filter has -1 first and +1 last, so the response changes sign.
        Tensor out = Convolutions.convolve2d(edgeImage(), verticalEdgeFilter(), null, Conv2dGeometry.of(1, 0));
        assertThat(out.toDoubleArray()).containsExactly(0, -765, -765, 0, -765, -765, 0, -765, -765);
    }

    /** How often the filter visits each input pixel: the input gradient of the sum of all outputs. */
    private static double[] visits(int size, int kernel, int padding) {
        Conv2dGeometry g = Conv2dGeometry.of(1, padding);
        int out = g.outHeight(size, kernel);
        Tensor ones = Tensor.ones(DType.FLOAT64, 1, 1, out, out);
        Tensor k = Tensor.ones(DType.FLOAT64, 1, 1, kernel, kernel);
        return Convolutions.conv2dBackwardInput(ones, k, g, size, size).toDoubleArray();
    }

    @Test
    void withoutPaddingTheCentreIsVisitedMoreOften() {
        // Thesis figure 37: a 2x2 filter on a 3x3 image visits the centre 4 times, corners once, the rest twice.
        assertThat(visits(3, 2, 0)).containsExactly(1, 2, 1, 2, 4, 2, 1, 2, 1);
    }

    @Test
    void paddingMakesEveryPixelVisitedEquallyOften() {
        // A one-pixel zero frame: the 2x2 filter now visits every pixel of the 3x3 image 4 times,
        // and the 3x3 filter every pixel of the 5x5 image 9 times.
        assertThat(visits(3, 2, 1)).containsOnly(4);
        assertThat(visits(5, 3, 2)).containsOnly(9);
    }

    @Test
    void maxPoolingFourByFourToTwoByTwo() {
        // Thesis figure 39: 2x2 windows with stride 2; the first two maxima are 20 and 45.
        Tensor x = Tensor.of(new double[] {
            12, 20, 30, 45,
            8, 12, 2, 0,
            34, 70, 37, 4,
            112, 100, 25, 12}, DType.FLOAT64, 1, 1, 4, 4);
        PoolResult r = Convolutions.maxPool2dWithIndices(x, Pool2dGeometry.of(2, 2));
        assertThat(r.values().toDoubleArray()).containsExactly(20, 45, 112, 37);
        assertThat(r.indices().toDoubleArray()).containsExactly(1, 3, 12, 10);
        assertThat(Convolutions.minPool2d(x, Pool2dGeometry.of(2, 2)).toDoubleArray()).containsExactly(8, 0, 34, 4);
        assertThat(Convolutions.avgPool2d(x, Pool2dGeometry.of(2, 2), true).toDoubleArray())
                .containsExactly(13, 19.25, 79, 19.5);
    }

    @Test
    void averagePoolingWithAndWithoutCountingPadding() {
        // 2x2 ones, window 2, stride 1, padding 1: the corner windows hold one real element of four.
        Tensor x = Tensor.ones(DType.FLOAT64, 1, 1, 2, 2);
        Pool2dGeometry g = new Pool2dGeometry(2, 2, 1, 1, 1, 1);
        assertThat(Convolutions.avgPool2d(x, g, true).toDoubleArray())
                .containsExactly(0.25, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 0.25);
        assertThat(Convolutions.avgPool2d(x, g, false).toDoubleArray()).containsOnly(1);
    }

    @Test
    void globalAveragePoolingIsThePlaneMean() {
        Tensor x = Tensor.arange(0, 24, 1, DType.FLOAT64).reshape(1, 2, 3, 4);
        Tensor out = Convolutions.globalAvgPool2d(x);
        assertThat(out.shape()).containsExactly(1, 2, 1, 1);
        assertThat(out.toDoubleArray()).containsExactly(5.5, 17.5);
    }

    @Test
    void nearestUpsamplingTwoByTwoToFourByFour() {
        // Thesis figures 41-42: every pixel copied into a 2x2 block.
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, DType.FLOAT64, 1, 1, 2, 2);
        Tensor out = Convolutions.upsampleNearest2d(x, 2, 2);
        assertThat(out.shape()).containsExactly(1, 1, 4, 4);
        assertThat(out.toDoubleArray()).containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
        assertThat(Convolutions.upsampleNearest2d(x, 1, 3).toDoubleArray())
                .containsExactly(1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4);
    }

    @Test
    void transposedConvolutionTwoByTwoWithTwoByTwoFilterGivesThreeByThree() {
        // Thesis figures 43-45: each input value scales the whole filter into its 2x2 region of the output
        // and overlapping products add. Input [[2, 4], [1, 3]], filter [[3, 1], [1, 5]]:
        //   (0,0) 2*3 = 6    (0,1) 2*1 + 4*3 = 14            (0,2) 4*1 = 4
        //   (1,0) 2*1 + 1*3 = 5  (1,1) 2*5 + 4*1 + 1*1 + 3*3 = 24  (1,2) 4*5 + 3*1 = 23
        //   (2,0) 1*1 = 1    (2,1) 1*5 + 3*1 = 8             (2,2) 3*5 = 15
        Tensor x = Tensor.of(new double[] {2, 4, 1, 3}, DType.FLOAT64, 1, 1, 2, 2);
        Tensor w = Tensor.of(new double[] {3, 1, 1, 5}, DType.FLOAT64, 1, 1, 2, 2);
        Tensor out = Convolutions.convTranspose2d(x, w, null, ConvTranspose2dGeometry.of(1, 0));
        assertThat(out.shape()).containsExactly(1, 1, 3, 3);
        assertThat(out.toDoubleArray()).containsExactly(6, 14, 4, 5, 24, 23, 1, 8, 15);
    }

    @Test
    void centreOfTheTransposedConvolutionDependsOnEveryInput() {
        Tensor w = Tensor.of(new double[] {3, 1, 1, 5}, DType.FLOAT64, 1, 1, 2, 2);
        for (int i = 0; i < 4; i++) {
            double[] unit = new double[4];
            unit[i] = 1;
            Tensor out = Convolutions.convTranspose2d(Tensor.of(unit, DType.FLOAT64, 1, 1, 2, 2), w, null,
                    ConvTranspose2dGeometry.of(1, 0));
            assertThat(out.get(0, 0, 1, 1)).as("centre for input %d", i).isNotZero();
        }
    }

    @Test
    void biasIsAddedPerOutputChannel() {
        Tensor x = Tensor.ones(DType.FLOAT64, 1, 1, 3, 3);
        Tensor w = Tensor.ones(DType.FLOAT64, 2, 1, 3, 3);
        Tensor b = Tensor.of(new double[] {0.5, -1}, DType.FLOAT64, 2);
        assertThat(Convolutions.conv2d(x, w, b, Conv2dGeometry.of(1, 0)).toDoubleArray()).containsExactly(9.5, 8);
    }

    @Test
    void samePaddingKeepsTheSizeAtStrideOneAndCeilsAtLargerStrides() {
        assertThat(Conv2dGeometry.same(3, 3)).isEqualTo(Conv2dGeometry.of(1, 1));
        Conv2dGeometry k4 = Conv2dGeometry.same(4, 4);
        assertThat(new int[] {k4.padTop(), k4.padBottom(), k4.padLeft(), k4.padRight()}).containsExactly(1, 2, 1, 2);
        Conv2dGeometry s2 = Conv2dGeometry.same(28, 28, 3, 3, 2, 2, 1, 1);
        assertThat(s2.outHeight(28, 3)).isEqualTo(14);
        assertThat(s2.outWidth(28, 3)).isEqualTo(14);
        Conv2dGeometry k7 = Conv2dGeometry.same(7, 7);
        Tensor out = Convolutions.conv2d(Tensor.ones(1, 4, 28, 28), Tensor.ones(1, 4, 7, 7), k7);
        assertThat(out.shape()).containsExactly(1, 1, 28, 28);
    }

    @Test
    void transposedConvolutionUndoesTheShapeOfTheMatchingConvolution() {
        // DCGAN generator: k4 s2 p1 doubles 7 -> 14; the convolution with the same geometry halves it back.
        ConvTranspose2dGeometry gt = ConvTranspose2dGeometry.of(2, 1);
        Tensor up = Convolutions.convTranspose2d(Tensor.ones(2, 3, 7, 7), Tensor.ones(3, 4, 4, 4), null, gt);
        assertThat(up.shape()).containsExactly(2, 4, 14, 14);
        Tensor down = Convolutions.conv2d(up, Tensor.ones(3, 4, 4, 4), gt.toConv());
        assertThat(down.shape()).containsExactly(2, 3, 7, 7);
    }

    @Test
    void shapeErrorsNameTheOpAndBothShapes() {
        assertThatThrownBy(() -> Convolutions.conv2d(Tensor.zeros(8, 3, 28, 28), Tensor.zeros(64, 1, 3, 3),
                Conv2dGeometry.of(1, 0)))
                .hasMessage("conv2d: input [8, 3, 28, 28] has 3 channels, weight [64, 1, 3, 3] expects 1");
        assertThatThrownBy(() -> Convolutions.conv2d(Tensor.zeros(1, 1, 2, 2), Tensor.zeros(1, 1, 3, 3),
                Conv2dGeometry.of(1, 0)))
                .hasMessageStartingWith("conv2d: input [1, 1, 2, 2]").hasMessageContaining("weight [1, 1, 3, 3]");
        assertThatThrownBy(() -> Convolutions.convTranspose2d(Tensor.zeros(1, 3, 4, 4), Tensor.zeros(2, 5, 3, 3), null,
                ConvTranspose2dGeometry.of(1, 0)))
                .hasMessageStartingWith("convTranspose2d: input [1, 3, 4, 4] has 3 channels, weight [2, 5, 3, 3] expects 2");
        assertThatThrownBy(() -> Convolutions.conv2d(Tensor.zeros(1, 2, 4, 4), Tensor.zeros(3, 1, 3, 3), null,
                new Conv2dGeometry(1, 1, 0, 0, 0, 0, 1, 1, 2)))
                .hasMessageContaining("not divisible by groups 2");
        assertThatThrownBy(() -> Convolutions.conv2d(Tensor.zeros(1, 1, 4, 4), Tensor.zeros(2, 1, 3, 3), Tensor.zeros(3),
                Conv2dGeometry.of(1, 0)))
                .hasMessage("conv2d: bias [3] must have shape [2] for weight [2, 1, 3, 3]");
        assertThatThrownBy(() -> Convolutions.maxPool2d(Tensor.zeros(1, 1, 1, 1), Pool2dGeometry.of(2, 2)))
                .hasMessageStartingWith("maxPool2d: input [1, 1, 1, 1]");
        assertThatThrownBy(() -> Convolutions.upsampleNearest2d(Tensor.zeros(2, 2), 2, 2))
                .hasMessageStartingWith("upsampleNearest2d: input [2, 2] must be 4-D");
        assertThatThrownBy(() -> new ConvTranspose2dGeometry(2, 2, 0, 0, 2, 0, 1, 1, 1))
                .hasMessageContaining("output padding 2x0");
    }
}
