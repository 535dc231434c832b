package gradiente.cuda;

import gradiente.tensor.Backends;
import gradiente.tensor.BackendProvider;
import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.Layout;
import gradiente.tensor.Tensor;
import gradiente.tensor.cpu.ReferenceBackend;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;

/**
 * The check a person with an NVIDIA GPU runs once: every CUDA path against the CPU reference (the
 * {@link Conformance} suite), then timings of the GEMM (own kernel and, when it loads, cuBLAS) at
 * n = 1024 and 4096 and of the convolution layers of the thesis DCGAN (seed 002: discriminator
 * Conv2D 64 3x3 stride 2 'same' twice on 28x28; generator Conv2DTranspose 128 4x4 stride 2 'same'
 * 7->14->28 and Conv2D 1 7x7 'same') at batch 256. Exit status 0 when every check passes, 1 when one
 * fails, 2 when there is no usable device (the reason is printed). See cuda-kernels/README.md.
 */
public final class GpuSmoke {
    private GpuSmoke() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out));
    }

    /** Runs everything, printing to {@code out}; returns the exit status. */
    public static int run(PrintStream out) {
        BackendProvider.Availability a = CudaProvider.availability();
        out.println("cuda: " + (a.available() ? "available - " : "unavailable - ") + a.reason());
        if (!a.available()) {
            return 2;
        }
        CudaBackend cuda = (CudaBackend) Backends.forDevice(Device.cuda());
        out.println("backend: " + cuda.describe());
        int failed = 0;
        int total = 0;
        long t0 = System.nanoTime();
        for (Conformance.Check c : new Conformance(cuda, new ReferenceBackend(), 42).checks()) {
            total++;
            String verdict;
            try (CudaScope scope = CudaScope.open()) {
                double e = c.error().getAsDouble();
                boolean ok = e <= c.tolerance();
                failed += ok ? 0 : 1;
                verdict = String.format(Locale.ROOT, "%s error %.3g (tolerance %.3g)", ok ? "PASS" : "FAIL", e, c.tolerance());
            } catch (RuntimeException e) {
                failed++;
                verdict = "FAIL threw " + e;
            }
            out.println("  " + verdict + "  " + c.name());
        }
        out.printf(Locale.ROOT, "conformance: %d of %d checks passed (%.1f s)%n", total - failed, total,
                (System.nanoTime() - t0) / 1e9);
        try (CudaScope scope = CudaScope.open()) {
            gemmTimings(cuda, out);
        }
        try (CudaScope scope = CudaScope.open()) {
            convTimings(cuda, out);
        }
        out.println("allocator: " + cuda.memoryStats());
        return failed == 0 ? 0 : 1;
    }

    private static Tensor random(CudaBackend cuda, Random r, int... shape) {
        float[] v = new float[Layout.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return new Tensor(cuda.upload(v), Layout.contiguous(shape));
    }

    /** Median milliseconds of {@code reps} timed runs after two warm-up runs (device synchronised). */
    private static double millis(CudaBackend cuda, int reps, Runnable op) {
        op.run();
        op.run();
        cuda.synchronize();
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            op.run();
            cuda.synchronize();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        java.util.Arrays.sort(t);
        return t[reps / 2];
    }

    private static void gemmTimings(CudaBackend cuda, PrintStream out) {
        Random r = new Random(1);
        for (int n : new int[] {1024, 4096}) {
            Tensor a = random(cuda, r, n, n);
            Tensor b = random(cuda, r, n, n);
            Tensor c = new Tensor(cuda.allocate(DType.FLOAT32, n * n), Layout.contiguous(n, n));
            double flops = 2.0 * n * n * n;
            double own = millis(cuda, 5, () -> cuda.gemmKernel(a, b, c));
            out.printf(Locale.ROOT, "gemm f32 n=%d own kernel: %.3f ms, %.0f GFLOP/s%n", n, own, flops / own / 1e6);
            if (cuda.usesCublas()) {
                double blas = millis(cuda, 5, () -> cuda.matmul(a, b, c));
                out.printf(Locale.ROOT, "gemm f32 n=%d cuBLAS:     %.3f ms, %.0f GFLOP/s%n", n, blas, flops / blas / 1e6);
            }
        }
    }

    /** One convolution layer: input [N, C, H, W], weight [O, C, k, k], output size from the geometry. */
    private record Layer(String name, int c, int h, int o, int k, Conv2dGeometry g, boolean transposed) {
    }

    private static void convTimings(CudaBackend cuda, PrintStream out) {
        int batch = 256;
        Layer[] layers = {
            new Layer("D conv 1->64 k3 s2 same 28->14", 1, 28, 64, 3, new Conv2dGeometry(2, 2, 0, 1, 0, 1, 1, 1, 1), false),
            new Layer("D conv 64->64 k3 s2 same 14->7", 64, 14, 64, 3, new Conv2dGeometry(2, 2, 0, 1, 0, 1, 1, 1, 1), false),
            new Layer("G convT 128->128 k4 s2 same 7->14", 128, 14, 128, 4, Conv2dGeometry.of(2, 1), true),
            new Layer("G convT 128->128 k4 s2 same 14->28", 128, 28, 128, 4, Conv2dGeometry.of(2, 1), true),
            new Layer("G conv 128->1 k7 same 28->28", 128, 28, 1, 7, Conv2dGeometry.of(1, 3), false),
        };
        Random r = new Random(2);
        out.println("DCGAN convolution layers, batch " + batch + ", float32 (median of 5, ms; convT = conv2dBackwardInput)");
        for (Layer l : layers) {
            int ho = l.g().outHeight(l.h(), l.k());
            Tensor x = random(cuda, r, batch, l.c(), l.h(), l.h());
            Tensor w = random(cuda, r, l.o(), l.c(), l.k(), l.k());
            Tensor y = random(cuda, r, batch, l.o(), ho, ho);
            Tensor gw = new Tensor(cuda.allocate(DType.FLOAT32, w.numel()), Layout.contiguous(w.shape()));
            double fwd = millis(cuda, 5, () -> cuda.conv2d(x, w, l.g(), y));
            double bin = millis(cuda, 5, () -> cuda.conv2dBackwardInput(y, w, l.g(), x));
            double bw = millis(cuda, 5, () -> cuda.conv2dBackwardWeight(x, y, l.g(), gw));
            out.printf(Locale.ROOT, "  %-36s forward %.3f  backward-input %.3f  backward-weight %.3f%n", l.name(), fwd, bin, bw);
        }
    }
}
