package gradiente.tensor.cpu;

import gradiente.tensor.Backends;
import gradiente.tensor.Conv2dGeometry;
import gradiente.tensor.Convolutions;
import gradiente.tensor.Device;
import gradiente.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * A tiny program for {@link VectorFallbackTest}, run in a forked JVM with and without
 * {@code --add-modules jdk.incubator.vector}: relu, a matrix product and a convolution through the
 * default CPU backend, results printed to four decimals (the fast and reference kernels agree far
 * closer than that).
 */
public final class VectorFallbackMain {
    private VectorFallbackMain() {
    }

    public static void main(String[] args) {
        Tensor x = Tensor.of(new float[] {-1.5f, 2f, -0.25f, 3f, 0.5f, -4f}, 2, 3);
        Tensor w = Tensor.of(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, 3, 2);
        Tensor img = Tensor.arange(0, 32, 1).reshape(1, 2, 4, 4).to(x.dtype());
        Tensor k = Tensor.arange(-4, 14, 1).reshape(1, 2, 3, 3).to(x.dtype()).mul(0.25);
        System.out.println("backend " + Backends.forDevice(Device.CPU).getClass().getSimpleName());
        System.out.println("relu " + text(x.relu()));
        System.out.println("matmul " + text(x.matmul(w)));
        System.out.println("conv2d " + text(Convolutions.conv2d(img, k, Conv2dGeometry.of(1, 1))));
    }

    private static String text(Tensor t) {
        double[] v = t.toDoubleArray();
        String[] s = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = String.format(Locale.ROOT, "%.4f", v[i]);
        }
        return Arrays.toString(t.shape()) + " " + String.join(" ", s);
    }
}
