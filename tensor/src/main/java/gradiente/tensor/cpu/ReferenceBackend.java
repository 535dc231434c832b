package gradiente.tensor.cpu;

import gradiente.tensor.Backend;
import gradiente.tensor.BinaryOp;
import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.HeapStorage;
import gradiente.tensor.Layout;
import gradiente.tensor.ReduceOp;
import gradiente.tensor.Storage;
import gradiente.tensor.Tensor;
import gradiente.tensor.UnaryOp;

/**
 * The scalar reference implementation of every CPU kernel: plain loops over strided positions, one
 * element at a time, accumulating in double precision. It is written to be obviously right, not fast;
 * the fast CPU kernels and every other backend are tested against it.
 */
public class ReferenceBackend implements Backend {

    @Override
    public String name() {
        return "cpu-reference";
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    /** The heap storage behind a CPU tensor. */
    protected static HeapStorage heap(Tensor t) {
        Storage s = t.storage();
        if (s instanceof HeapStorage h) {
            return h;
        }
        throw new IllegalArgumentException("cpu backend: tensor of shape " + t.shapeString() + " lives on "
                + s.device() + ", not on the cpu");
    }

    @Override
    public Storage allocate(DType dtype, int length) {
        return HeapStorage.allocate(dtype, length);
    }

    @Override
    public Storage upload(float[] data) {
        return HeapStorage.wrap(data.clone());
    }

    @Override
    public Storage upload(double[] data) {
        return HeapStorage.wrap(data.clone());
    }

    @Override
    public void download(Tensor src, double[] dst) {
        HeapStorage s = heap(src);
        Layout l = src.layout();
        int n = src.numel();
        for (int i = 0; i < n; i++) {
            dst[i] = s.get(l.positionOfFlat(i));
        }
    }

    @Override
    public void download(Tensor src, float[] dst) {
        HeapStorage s = heap(src);
        Layout l = src.layout();
        int n = src.numel();
        for (int i = 0; i < n; i++) {
            dst[i] = (float) s.get(l.positionOfFlat(i));
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        HeapStorage s = heap(src);
        HeapStorage d = heap(dst);
        Layout ls = src.layout();
        Layout ld = dst.layout();
        int n = dst.numel();
        // Read everything first: src and dst may overlap in the same storage.
        double[] tmp = new double[n];
        for (int i = 0; i < n; i++) {
            tmp[i] = s.get(ls.positionOfFlat(i));
        }
        for (int i = 0; i < n; i++) {
            d.set(ld.positionOfFlat(i), tmp[i]);
        }
    }

    @Override
    public void fill(Tensor dst, double value) {
        HeapStorage d = heap(dst);
        Layout l = dst.layout();
        int n = dst.numel();
        for (int i = 0; i < n; i++) {
            d.set(l.positionOfFlat(i), value);
        }
    }

    @Override
    public void unary(UnaryOp op, double p, double q, Tensor x, Tensor out) {
        HeapStorage xs = heap(x);
        HeapStorage os = heap(out);
        Layout lx = x.layout();
        Layout lo = out.layout();
        int n = out.numel();
        boolean f32 = out.dtype() == DType.FLOAT32;
        for (int i = 0; i < n; i++) {
            double v = xs.get(lx.positionOfFlat(i));
            double r = f32 ? (float) op.apply((float) v, (float) p, (float) q) : op.apply(v, p, q);
            os.set(lo.positionOfFlat(i), r);
        }
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        HeapStorage as = heap(a);
        HeapStorage bs = heap(b);
        HeapStorage os = heap(out);
        Layout la = a.layout();
        Layout lb = b.layout();
        Layout lo = out.layout();
        int n = out.numel();
        for (int i = 0; i < n; i++) {
            double r = op.apply(as.get(la.positionOfFlat(i)), bs.get(lb.positionOfFlat(i)));
            os.set(lo.positionOfFlat(i), r);
        }
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        HeapStorage cs = heap(cond);
        HeapStorage as = heap(a);
        HeapStorage bs = heap(b);
        HeapStorage os = heap(out);
        int n = out.numel();
        for (int i = 0; i < n; i++) {
            boolean c = cs.get(cond.layout().positionOfFlat(i)) != 0;
            double v = c ? as.get(a.layout().positionOfFlat(i)) : bs.get(b.layout().positionOfFlat(i));
            os.set(out.layout().positionOfFlat(i), v);
        }
    }

    /** Splits x's layout into the kept part (one position per output) and the reduced part. */
    static Layout[] splitForReduce(Layout x, int[] dims) {
        int[] shape = x.shape();
        int[] strides = x.strides();
        int[] kept = shape.clone();
        int[] inner = new int[dims.length];
        int[] innerStrides = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            inner[i] = shape[dims[i]];
            innerStrides[i] = strides[dims[i]];
            kept[dims[i]] = 1;
        }
        return new Layout[] {new Layout(kept, strides, x.offset()), new Layout(inner, innerStrides, 0)};
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] dims, Tensor out) {
        HeapStorage xs = heap(x);
        HeapStorage os = heap(out);
        Layout[] split = splitForReduce(x.layout(), dims);
        int outer = out.numel();
        int inner = split[1].numel();
        for (int o = 0; o < outer; o++) {
            int base = split[0].positionOfFlat(o);
            double acc = op.identity();
            for (int i = 0; i < inner; i++) {
                acc = op.combine(acc, xs.get(base + split[1].positionOfFlat(i)));
            }
            os.set(out.layout().positionOfFlat(o), acc);
        }
    }

    @Override
    public void argReduce(ReduceOp op, Tensor x, int dim, Tensor out) {
        HeapStorage xs = heap(x);
        HeapStorage os = heap(out);
        Layout[] split = splitForReduce(x.layout(), new int[] {dim});
        int outer = out.numel();
        int n = x.size(dim);
        int stride = x.layout().stride(dim);
        for (int o = 0; o < outer; o++) {
            int base = split[0].positionOfFlat(o);
            int best = 0;
            double bestValue = xs.get(base);
            for (int i = 1; i < n && !Double.isNaN(bestValue); i++) {
                double v = xs.get(base + i * stride);
                boolean better = Double.isNaN(v) || (op == ReduceOp.MAX ? v > bestValue : v < bestValue);
                if (better) {
                    best = i;
                    bestValue = v;
                }
            }
            os.set(out.layout().positionOfFlat(o), best);
        }
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        HeapStorage as = heap(a);
        HeapStorage bs = heap(b);
        HeapStorage os = heap(out);
        int r = out.rank();
        int m = out.size(r - 2);
        int n = out.size(r - 1);
        int k = a.size(r - 1);
        int[] sa = a.layout().strides();
        int[] sb = b.layout().strides();
        Layout batchA = batchLayout(a.layout());
        Layout batchB = batchLayout(b.layout());
        Layout batchO = batchLayout(out.layout());
        int batches = batchO.numel();
        for (int bi = 0; bi < batches; bi++) {
            int pa = batchA.positionOfFlat(bi);
            int pb = batchB.positionOfFlat(bi);
            int po = batchO.positionOfFlat(bi);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    for (int p = 0; p < k; p++) {
                        acc += as.get(pa + i * sa[r - 2] + p * sa[r - 1]) * bs.get(pb + p * sb[r - 2] + j * sb[r - 1]);
                    }
                    os.set(po + i * out.layout().stride(r - 2) + j * out.layout().stride(r - 1), acc);
                }
            }
        }
    }

    /** The layout of the batch dimensions only (all but the last two). */
    static Layout batchLayout(Layout l) {
        int r = l.rank();
        int[] shape = java.util.Arrays.copyOf(l.shape(), r - 2);
        int[] strides = java.util.Arrays.copyOf(l.strides(), r - 2);
        return new Layout(shape, strides, l.offset());
    }

    /** Reads an index value and checks it is an integer in range; the message names the op. */
    static int indexAt(String op, HeapStorage s, int position, int bound, int flat) {
        double v = s.get(position);
        int i = (int) v;
        if (i != v || i < 0 || i >= bound) {
            throw new IndexOutOfBoundsException(op + ": index value " + v + " at flat position " + flat
                    + " is not an integer in [0, " + bound + ")");
        }
        return i;
    }

    @Override
    public void gather(Tensor x, int dim, Tensor index, Tensor out) {
        HeapStorage xs = heap(x);
        HeapStorage is = heap(index);
        HeapStorage os = heap(out);
        int[] shape = index.shape();
        int[] idx = new int[shape.length];
        int n = index.numel();
        for (int f = 0; f < n; f++) {
            Layout.unravel(f, shape, idx);
            int k = indexAt("gather", is, index.layout().positionOfFlat(f), x.size(dim), f);
            idx[dim] = k;
            os.set(out.layout().positionOfFlat(f), xs.get(x.layout().position(idx)));
        }
    }

    @Override
    public void scatterAdd(Tensor out, int dim, Tensor index, Tensor src) {
        HeapStorage os = heap(out);
        HeapStorage is = heap(index);
        HeapStorage ss = heap(src);
        int[] shape = index.shape();
        int[] idx = new int[shape.length];
        int n = index.numel();
        for (int f = 0; f < n; f++) {
            Layout.unravel(f, shape, idx);
            int k = indexAt("scatterAdd", is, index.layout().positionOfFlat(f), out.size(dim), f);
            idx[dim] = k;
            int p = out.layout().position(idx);
            os.set(p, os.get(p) + ss.get(src.layout().positionOfFlat(f)));
        }
    }

    // ------------------------------------------------------------------ convolution family: direct loops

    @Override
    public void conv2d(Tensor x, Tensor w, gradiente.tensor.Conv2dGeometry g, Tensor out) {
        HeapStorage xs = heap(x);
        HeapStorage ws = heap(w);
        HeapStorage os = heap(out);
        int n = x.size(0), c = x.size(1), h = x.size(2), wd = x.size(3);
        int o = w.size(0), cg = w.size(1), kh = w.size(2), kw = w.size(3);
        int ho = out.size(2), wo = out.size(3);
        int og = o / g.groups();
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                int group = oc / og;
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        double acc = 0;
                        for (int ci = 0; ci < cg; ci++) {
                            int ic = group * cg + ci;
                            for (int u = 0; u < kh; u++) {
                                int y = i * g.strideH() + u * g.dilationH() - g.padTop();
                                if (y < 0 || y >= h) {
                                    continue;
                                }
                                for (int v = 0; v < kw; v++) {
                                    int xx = j * g.strideW() + v * g.dilationW() - g.padLeft();
                                    if (xx < 0 || xx >= wd) {
                                        continue;
                                    }
                                    acc += xs.get(x.layout().position(b, ic, y, xx)) * ws.get(w.layout().position(oc, ci, u, v));
                                }
                            }
                        }
                        os.set(out.layout().position(b, oc, i, j), acc);
                    }
                }
            }
        }
    }

    @Override
    public void conv2dBackwardInput(Tensor gradOut, Tensor w, gradiente.tensor.Conv2dGeometry g, Tensor gradIn) {
        HeapStorage gs = heap(gradOut);
        HeapStorage ws = heap(w);
        HeapStorage is = heap(gradIn);
        int n = gradIn.size(0), c = gradIn.size(1), h = gradIn.size(2), wd = gradIn.size(3);
        int o = w.size(0), cg = w.size(1), kh = w.size(2), kw = w.size(3);
        int ho = gradOut.size(2), wo = gradOut.size(3);
        int og = o / g.groups();
        double[] acc = new double[n * c * h * wd];
        for (int b = 0; b < n; b++) {
            for (int oc = 0; oc < o; oc++) {
                int group = oc / og;
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        double go = gs.get(gradOut.layout().position(b, oc, i, j));
                        for (int ci = 0; ci < cg; ci++) {
                            int ic = group * cg + ci;
                            for (int u = 0; u < kh; u++) {
                                int y = i * g.strideH() + u * g.dilationH() - g.padTop();
                                if (y < 0 || y >= h) {
                                    continue;
                                }
                                for (int v = 0; v < kw; v++) {
                                    int xx = j * g.strideW() + v * g.dilationW() - g.padLeft();
                                    if (xx < 0 || xx >= wd) {
                                        continue;
                                    }
                                    acc[((b * c + ic) * h + y) * wd + xx] += go * ws.get(w.layout().position(oc, ci, u, v));
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int f = 0; f < acc.length; f++) {
            is.set(gradIn.layout().positionOfFlat(f), acc[f]);
        }
    }

    @Override
    public void conv2dBackwardWeight(Tensor x, Tensor gradOut, gradiente.tensor.Conv2dGeometry g, Tensor gradW) {
        HeapStorage xs = heap(x);
        HeapStorage gs = heap(gradOut);
        HeapStorage ws = heap(gradW);
        int n = x.size(0), h = x.size(2), wd = x.size(3);
        int o = gradW.size(0), cg = gradW.size(1), kh = gradW.size(2), kw = gradW.size(3);
        int ho = gradOut.size(2), wo = gradOut.size(3);
        int og = o / g.groups();
        for (int oc = 0; oc < o; oc++) {
            int group = oc / og;
            for (int ci = 0; ci < cg; ci++) {
                int ic = group * cg + ci;
                for (int u = 0; u < kh; u++) {
                    for (int v = 0; v < kw; v++) {
                        double acc = 0;
                        for (int b = 0; b < n; b++) {
                            for (int i = 0; i < ho; i++) {
                                int y = i * g.strideH() + u * g.dilationH() - g.padTop();
                                if (y < 0 || y >= h) {
                                    continue;
                                }
                                for (int j = 0; j < wo; j++) {
                                    int xx = j * g.strideW() + v * g.dilationW() - g.padLeft();
                                    if (xx < 0 || xx >= wd) {
                                        continue;
                                    }
                                    acc += gs.get(gradOut.layout().position(b, oc, i, j)) * xs.get(x.layout().position(b, ic, y, xx));
                                }
                            }
                        }
                        ws.set(gradW.layout().position(oc, ci, u, v), acc);
                    }
                }
            }
        }
    }

    @Override
    public void pool2d(gradiente.tensor.PoolMode mode, Tensor x, gradiente.tensor.Pool2dGeometry g, Tensor out, Tensor argIndex) {
        HeapStorage xs = heap(x);
        HeapStorage os = heap(out);
        HeapStorage as = argIndex == null ? null : heap(argIndex);
        int n = x.size(0), c = x.size(1), h = x.size(2), wd = x.size(3);
        int ho = out.size(2), wo = out.size(3);
        boolean extreme = mode == gradiente.tensor.PoolMode.MAX || mode == gradiente.tensor.PoolMode.MIN;
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        double acc = extreme ? Double.NaN : 0;
                        int best = -1;
                        int count = 0;
                        for (int u = 0; u < g.kernelH(); u++) {
                            int y = i * g.strideH() + u - g.padH();
                            for (int v = 0; v < g.kernelW(); v++) {
                                int xx = j * g.strideW() + v - g.padW();
                                if (y < 0 || y >= h || xx < 0 || xx >= wd) {
                                    continue;
                                }
                                double val = xs.get(x.layout().position(b, ch, y, xx));
                                count++;
                                if (!extreme) {
                                    acc += val;
                                } else if (best < 0 || (!Double.isNaN(acc) && (Double.isNaN(val)
                                        || (mode == gradiente.tensor.PoolMode.MAX ? val > acc : val < acc)))) {
                                    acc = val;
                                    best = y * wd + xx;
                                }
                            }
                        }
                        if (mode == gradiente.tensor.PoolMode.AVG_INCLUDE_PAD) {
                            acc /= g.kernelH() * g.kernelW();
                        } else if (mode == gradiente.tensor.PoolMode.AVG_EXCLUDE_PAD) {
                            acc /= count;
                        }
                        os.set(out.layout().position(b, ch, i, j), acc);
                        if (as != null) {
                            as.set(argIndex.layout().position(b, ch, i, j), best);
                        }
                    }
                }
            }
        }
    }

    @Override
    public void pool2dBackward(gradiente.tensor.PoolMode mode, Tensor gradOut, Tensor argIndex,
                               gradiente.tensor.Pool2dGeometry g, Tensor gradIn) {
        HeapStorage gs = heap(gradOut);
        HeapStorage is = heap(gradIn);
        HeapStorage as = argIndex == null ? null : heap(argIndex);
        int n = gradIn.size(0), c = gradIn.size(1), h = gradIn.size(2), wd = gradIn.size(3);
        int ho = gradOut.size(2), wo = gradOut.size(3);
        double[] acc = new double[n * c * h * wd];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                int plane = (b * c + ch) * h * wd;
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        double go = gs.get(gradOut.layout().position(b, ch, i, j));
                        if (mode == gradiente.tensor.PoolMode.MAX || mode == gradiente.tensor.PoolMode.MIN) {
                            acc[plane + (int) as.get(argIndex.layout().position(b, ch, i, j))] += go;
                            continue;
                        }
                        int count = 0;
                        for (int u = 0; u < g.kernelH(); u++) {
                            for (int v = 0; v < g.kernelW(); v++) {
                                int y = i * g.strideH() + u - g.padH();
                                int xx = j * g.strideW() + v - g.padW();
                                if (y >= 0 && y < h && xx >= 0 && xx < wd) {
                                    count++;
                                }
                            }
                        }
                        double share = go / (mode == gradiente.tensor.PoolMode.AVG_INCLUDE_PAD ? g.kernelH() * g.kernelW() : count);
                        for (int u = 0; u < g.kernelH(); u++) {
                            for (int v = 0; v < g.kernelW(); v++) {
                                int y = i * g.strideH() + u - g.padH();
                                int xx = j * g.strideW() + v - g.padW();
                                if (y >= 0 && y < h && xx >= 0 && xx < wd) {
                                    acc[plane + y * wd + xx] += share;
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int f = 0; f < acc.length; f++) {
            is.set(gradIn.layout().positionOfFlat(f), acc[f]);
        }
    }
}
