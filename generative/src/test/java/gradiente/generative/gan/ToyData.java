package gradiente.generative.gan;

import gradiente.tensor.DType;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;

/**
 * Tiny data for adversarial tests: 2-D points seen as 1x1x2 "images" {@code [N, 1, 1, 2]}, drawn
 * from Gaussians with a small spread inside the unit square (the sigmoid generator's range).
 */
final class ToyData {
    static final double SPREAD = 0.05;

    private ToyData() {
    }

    /** {@code n} points around {@code (cx, cy)}. */
    static Tensor gaussian(Generator g, int n, double cx, double cy) {
        Tensor noise = Tensor.randn(g, DType.FLOAT32, n, 1, 1, 2).mul(SPREAD);
        Tensor centre = Tensor.of(new float[] {(float) cx, (float) cy}, 1, 1, 1, 2);
        return noise.add(centre);
    }

    /** Mean of generated points {@code [N, 1, 1, 2]} as {@code {x, y}}. */
    static double[] mean(Tensor points) {
        Tensor m = points.reshape(points.size(0), 2).mean(0, false);
        return new double[] {m.get(0), m.get(1)};
    }

    /** Mean over both coordinates of the per-coordinate standard deviation. */
    static double spread(Tensor points) {
        Tensor p = points.reshape(points.size(0), 2);
        return p.variance(new int[] {0}, false, 0).sqrt().mean().item();
    }
}
