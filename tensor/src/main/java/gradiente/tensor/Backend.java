package gradiente.tensor;

/**
 * The kernel families a device must provide. Tensors validate shapes, broadcast and allocate; a
 * backend only computes. Kernels never see gradients: autograd sits above every backend.
 *
 * <p>Conventions, shared by every implementation:
 * <ul>
 *   <li>All tensors passed to one call live on this backend's {@link #device()}.</li>
 *   <li>Inputs may have any layout (strided, permuted, flipped, expanded with stride 0).</li>
 *   <li>{@code out} has the documented shape. {@link #copy} and {@link #fill} accept any layout for
 *       {@code out}; every other kernel receives a contiguous {@code out}, which may be the same
 *       tensor as an input of identical layout (in-place element-wise updates).</li>
 *   <li>{@code out}'s dtype decides the precision; inputs of another dtype are converted on read.</li>
 * </ul>
 * The scalar definitions in {@link UnaryOp#apply}, {@link BinaryOp#apply} and {@link ReduceOp#combine}
 * are normative; the CPU reference backend implements them directly and every other backend is tested
 * against it.
 */
public interface Backend {
    /** A short name for logs and reports ({@code cpu}, {@code cpu-reference}, {@code cuda}). */
    String name();

    /** The device whose storage this backend computes on. */
    Device device();

    /** A zero-filled buffer. */
    Storage allocate(DType dtype, int length);

    /** A buffer holding a copy of host data (float32). */
    Storage upload(float[] data);

    /** A buffer holding a copy of host data (float64). */
    Storage upload(double[] data);

    /** Copies {@code src}'s elements in row-major order into {@code dst} (length {@code src.numel()}). */
    void download(Tensor src, double[] dst);

    /** Copies {@code src}'s elements in row-major order into {@code dst} (length {@code src.numel()}). */
    void download(Tensor src, float[] dst);

    /** {@code dst[i] = src[i]} over equal shapes, converting dtype; any layouts. */
    void copy(Tensor src, Tensor dst);

    /** Sets every element of {@code dst} (any layout) to {@code value}. */
    void fill(Tensor dst, double value);

    /** {@code out[i] = op(x[i]; p, q)}; x and out have equal shapes. */
    void unary(UnaryOp op, double p, double q, Tensor x, Tensor out);

    /** {@code out[i] = op(a[i], b[i])}; a and b already have out's shape (broadcast views). */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /** {@code out[i] = cond[i] != 0 ? a[i] : b[i]}; all already have out's shape. */
    void where(Tensor cond, Tensor a, Tensor b, Tensor out);

    /**
     * Reduces {@code x} over the sorted dimensions {@code dims}; {@code out} has x's rank with those
     * dimensions set to 1.
     */
    void reduce(ReduceOp op, Tensor x, int[] dims, Tensor out);

    /**
     * Index of the maximum ({@code MAX}) or minimum ({@code MIN}) along {@code dim}, first occurrence on
     * ties, NaN counting as the extreme; {@code out} has x's rank with {@code dim} set to 1.
     */
    void argReduce(ReduceOp op, Tensor x, int dim, Tensor out);

    /**
     * Batched matrix product: {@code a [..., M, K] @ b [..., K, N] -> out [..., M, N]}; the batch
     * dimensions of a and b already equal out's (broadcast views). At least rank 2.
     */
    void matmul(Tensor a, Tensor b, Tensor out);

    /**
     * {@code out[i][j][k] = x[index[i][j][k]][j][k]} for {@code dim = 0} (and so on); out has the shape
     * of {@code index}, whose values are integers in {@code [0, x.size(dim))}.
     */
    void gather(Tensor x, int dim, Tensor index, Tensor out);

    /**
     * The adjoint of {@link #gather}: {@code out[index[i][j][k]][j][k] += src[i][j][k]} for
     * {@code dim = 0}; src has index's shape; accumulates into out's existing values.
     */
    void scatterAdd(Tensor out, int dim, Tensor index, Tensor src);

    // ------------------------------------------------------------------ convolution family (NCHW)

    /**
     * Cross-correlation (seed 000 eq. 5; what frameworks call convolution):
     * {@code out[n][o][i][j] = sum_{c,u,v} x[n][g*C/groups + c][i*sH + u*dH - padTop][j*sW + v*dW - padLeft]
     * * w[o][c][u][v]} with zero padding, where g is o's group. x {@code [N, C, H, W]}, w
     * {@code [O, C/groups, kH, kW]}, out {@code [N, O, Ho, Wo]} (sizes from {@link Conv2dGeometry}).
     * Bias and the flipped kernel of true convolution (eq. 4) are applied by the caller.
     */
    void conv2d(Tensor x, Tensor w, Conv2dGeometry g, Tensor out);

    /**
     * Gradient of {@link #conv2d} with respect to its input, which is also the transposed convolution:
     * gradIn {@code [N, C, H, W]} (H, W given by gradIn's shape, so output padding is expressed by
     * the caller's choice of size) is overwritten with {@code sum} over every output position of
     * {@code gradOut * w} scattered back to the input positions it read.
     */
    void conv2dBackwardInput(Tensor gradOut, Tensor w, Conv2dGeometry g, Tensor gradIn);

    /**
     * Gradient of {@link #conv2d} with respect to its weight: gradW {@code [O, C/groups, kH, kW]} is
     * overwritten with {@code sum_{n,i,j} gradOut[n][o][i][j] * x[n][..][i*sH + u*dH - padTop][..]}.
     */
    void conv2dBackwardWeight(Tensor x, Tensor gradOut, Conv2dGeometry g, Tensor gradW);

    /**
     * 2-D pooling: out {@code [N, C, Ho, Wo]}. For MAX and MIN, {@code argIndex} (same shape as out)
     * receives the flat index {@code h*W + w} within the input plane of the chosen element (first on
     * ties; padding never wins); it is {@code null} for the averages.
     */
    void pool2d(PoolMode mode, Tensor x, Pool2dGeometry g, Tensor out, Tensor argIndex);

    /**
     * Gradient of {@link #pool2d}: gradIn {@code [N, C, H, W]} is overwritten. MAX/MIN route each
     * gradient to the element recorded in {@code argIndex}; the averages spread it over the window.
     */
    void pool2dBackward(PoolMode mode, Tensor gradOut, Tensor argIndex, Pool2dGeometry g, Tensor gradIn);

    // ------------------------------------------------------------------ normalisation

    /**
     * Batch normalisation of {@code x [N, C, *]} with its per-channel statistics (see
     * {@link Normalization}): writes {@code out}, the batch mean and the biased batch variance
     * ({@code [C]}); weight and bias may be null. The default composes tensor ops.
     */
    default void batchNormForward(Tensor x, Tensor weight, Tensor bias, double eps, Tensor out, Tensor mean, Tensor var) {
        Normalization.compositeForward(x, weight, bias, eps, out, mean, var);
    }

    /**
     * The gradients of {@link #batchNormForward} given {@code gradOut} and the batch statistics it
     * wrote: {@code gradIn}, and {@code gradWeight}, {@code gradBias} ({@code [C]}, written even when
     * weight is null). The default composes tensor ops.
     */
    default void batchNormBackward(Tensor x, Tensor gradOut, Tensor mean, Tensor var, Tensor weight, double eps,
                                   Tensor gradIn, Tensor gradWeight, Tensor gradBias) {
        Normalization.compositeBackward(x, gradOut, mean, var, weight, eps, gradIn, gradWeight, gradBias);
    }
}
