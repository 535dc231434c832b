package gradiente.cuda;

import gradiente.tensor.Backend;
import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.DType;
import gradiente.tensor.Layout;
import gradiente.tensor.Tensor;

/**
 * Convolution as matrix products (the fallback when cuDNN is missing or cannot take the geometry,
 * e.g. asymmetric padding). With {@code cols = im2col(x)} of shape {@code [C*kH*kW, N*Ho*Wo]} and
 * {@code S = N*Ho*Wo}, per group {@code g} (rows of that group only):
 * <ul>
 *   <li>forward (seed 000 eq. 5): {@code Y[O, S] = W[O, C/groups*kH*kW] @ cols}, then
 *       {@code out[n][o][i][j] = Y[o][(n, i, j)]};</li>
 *   <li>backward input: {@code dcols = W^T @ dY}, then {@code gradIn = col2im(dcols)};</li>
 *   <li>backward weight: {@code gradW = dY @ cols^T},</li>
 * </ul>
 * where {@code dY[O, S]} is gradOut with its first two axes swapped. Works over any {@link Backend}
 * with an {@link Im2col}; the CUDA backend uses its kernels and GEMM, tests use the CPU reference.
 * All views are built from {@link Layout}s directly so that every op runs on the given backend.
 */
final class ConvGemm {
    private final Backend backend;
    private final Im2col im2col;

    ConvGemm(Backend backend, Im2col im2col) {
        this.backend = backend;
        this.im2col = im2col;
    }

    private Tensor scratch(DType dt, int... shape) {
        return new Tensor(backend.allocate(dt, Layout.numel(shape)), Layout.contiguous(shape));
    }

    private static Tensor view(Tensor t, Layout l) {
        return new Tensor(t.storage(), l);
    }

    /** Rows {@code [start, start+length)} of a matrix. */
    private static Tensor rows(Tensor m, int start, int length) {
        return view(m, m.layout().narrow(0, start, length));
    }

    /** The weight {@code [O, Cg, kH, kW]} as a matrix {@code [O, Cg*kH*kW]} (copied when not viewable). */
    private Tensor weightMatrix(Tensor w) {
        int o = w.size(0);
        int ckk = w.numel() / Math.max(o, 1);
        Layout l = w.layout().tryView(o, ckk);
        if (l != null) {
            return view(w, l);
        }
        Tensor c = scratch(w.dtype(), o, ckk);
        backend.copy(w, view(c, Layout.contiguous(w.shape())));
        return c;
    }

    /** gradOut {@code [N, O, Ho, Wo]} as {@code dY [O, N*Ho*Wo]} (a contiguous copy). */
    private Tensor outputMatrix(Tensor gradOut) {
        int n = gradOut.size(0), o = gradOut.size(1), ho = gradOut.size(2), wo = gradOut.size(3);
        Tensor dy = scratch(gradOut.dtype(), o, n * ho * wo);
        backend.copy(view(gradOut, gradOut.layout().permute(1, 0, 2, 3)), view(dy, Layout.contiguous(o, n, ho, wo)));
        return dy;
    }

    private Tensor cols(Tensor x, Conv2dGeometry g, int kh, int kw, int ho, int wo) {
        Tensor cols = scratch(x.dtype(), x.size(1) * kh * kw, x.size(0) * ho * wo);
        im2col.im2col(x, g, kh, kw, ho, wo, cols);
        return cols;
    }

    void forward(Tensor x, Tensor w, Conv2dGeometry g, Tensor out) {
        int n = x.size(0), o = w.size(0), kh = w.size(2), kw = w.size(3), ho = out.size(2), wo = out.size(3);
        int groups = g.groups(), og = o / groups, cgkk = w.size(1) * kh * kw;
        Tensor cols = cols(x, g, kh, kw, ho, wo);
        Tensor wm = weightMatrix(w);
        Tensor y = scratch(out.dtype(), o, n * ho * wo);
        try {
            for (int grp = 0; grp < groups; grp++) {
                backend.matmul(rows(wm, grp * og, og), rows(cols, grp * cgkk, cgkk), rows(y, grp * og, og));
            }
            backend.copy(view(y, Layout.contiguous(o, n, ho, wo).permute(1, 0, 2, 3)), out);
        } finally {
            release(cols, wm.storage() == w.storage() ? null : wm, y);
        }
    }

    void backwardInput(Tensor gradOut, Tensor w, Conv2dGeometry g, Tensor gradIn) {
        int o = w.size(0), kh = w.size(2), kw = w.size(3), ho = gradOut.size(2), wo = gradOut.size(3);
        int groups = g.groups(), og = o / groups, cgkk = w.size(1) * kh * kw;
        Tensor dy = outputMatrix(gradOut);
        Tensor wm = weightMatrix(w);
        Tensor dcols = scratch(gradIn.dtype(), gradIn.size(1) * kh * kw, gradIn.size(0) * ho * wo);
        try {
            for (int grp = 0; grp < groups; grp++) {
                Tensor wt = view(wm, rows(wm, grp * og, og).layout().transpose(0, 1));
                backend.matmul(wt, rows(dy, grp * og, og), rows(dcols, grp * cgkk, cgkk));
            }
            im2col.col2im(dcols, g, kh, kw, ho, wo, gradIn);
        } finally {
            release(dy, wm.storage() == w.storage() ? null : wm, dcols);
        }
    }

    void backwardWeight(Tensor x, Tensor gradOut, Conv2dGeometry g, Tensor gradW) {
        int o = gradW.size(0), kh = gradW.size(2), kw = gradW.size(3), ho = gradOut.size(2), wo = gradOut.size(3);
        int groups = g.groups(), og = o / groups, cgkk = gradW.size(1) * kh * kw;
        Tensor cols = cols(x, g, kh, kw, ho, wo);
        Tensor dy = outputMatrix(gradOut);
        Tensor gw = view(gradW, gradW.layout().tryView(o, cgkk));
        try {
            for (int grp = 0; grp < groups; grp++) {
                Tensor ct = view(cols, rows(cols, grp * cgkk, cgkk).layout().transpose(0, 1));
                backend.matmul(rows(dy, grp * og, og), ct, rows(gw, grp * og, og));
            }
        } finally {
            release(cols, dy);
        }
    }

    /** Returns scratch memory to the allocator (device storages); heap storages are left to the GC. */
    private static void release(Tensor... ts) {
        for (Tensor t : ts) {
            if (t != null && t.storage() instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException("conv2d: releasing scratch memory failed", e);
                }
            }
        }
    }
}
