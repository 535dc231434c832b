package gradiente.tensor.cpu;

import gradiente.tensor.Conv2dGeometry;

/**
 * One 2-D cross-correlation as the fast CPU kernels see it: input {@code [n, c, h, w]}, weight
 * {@code [o, c/groups, kh, kw]}, output {@code [n, o, ho, wo]} with
 * {@code out[b][oc][i][j] = sum x[b][c'][i*sh + u*dh - pt][j*sw + v*dw - pl] * w[oc][c][u][v]} and zeros
 * outside the input. Unlike {@link Conv2dGeometry} the padding may be negative (a crop) and the output
 * size is explicit, so that the input gradient of a stride-1 convolution can be planned as a forward
 * convolution (see {@link CpuConv}).
 */
record ConvPlan(int n, int c, int h, int w, int o, int groups, int kh, int kw, int sh, int sw, int dh, int dw,
                int pt, int pl, int ho, int wo) {

    /** The plan of {@code conv2d} for the given input, weight and output sizes. */
    static ConvPlan of(int[] x, int[] weight, int ho, int wo, Conv2dGeometry g) {
        return new ConvPlan(x[0], x[1], x[2], x[3], weight[0], g.groups(), weight[2], weight[3], g.strideH(),
                g.strideW(), g.dilationH(), g.dilationW(), g.padTop(), g.padLeft(), ho, wo);
    }

    /** Input channels per group. */
    int cg() {
        return c / groups;
    }

    /** Output channels per group. */
    int og() {
        return o / groups;
    }

    /** Rows of the column matrix: the GEMM depth of the forward pass, {@code c/groups * kh * kw}. */
    int k() {
        return cg() * kh * kw;
    }

    /** Output positions per plane: the columns of the column matrix. */
    int p() {
        return ho * wo;
    }

    /** Multiply-adds of the whole forward pass. */
    long macs() {
        return (long) n * o * p() * k();
    }

    /** A 1x1 kernel with unit strides and no padding: the input plane is already the column matrix. */
    boolean pointwise() {
        return kh == 1 && kw == 1 && sh == 1 && sw == 1 && pt == 0 && pl == 0 && ho == h && wo == w;
    }

    /**
     * The input gradient of this stride-1 convolution as a forward plan: gradOut {@code [n, o, ho, wo]}
     * correlated with the transposed, flipped weight {@code [c, o/groups, kh, kw]} gives
     * {@code [n, c, h, w]}, with padding {@code d*(k-1) - pad} on the leading sides.
     */
    ConvPlan inputGradientAsForward() {
        return new ConvPlan(n, o, ho, wo, c, groups, kh, kw, 1, 1, dh, dw, dh * (kh - 1) - pt, dw * (kw - 1) - pl, h, w);
    }
}
