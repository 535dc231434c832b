package gradiente.mnist.plot;

/**
 * "Nice" axis ticks (Heckbert's rule): the step is 1, 2 or 5 times a power of ten, chosen so that about
 * {@code target} ticks cover {@code [min, max]}; the axis is widened to whole steps.
 *
 * @param lo   first tick (the axis start), {@code <= min}
 * @param hi   last tick (the axis end), {@code >= max}
 * @param step distance between ticks
 */
record Ticks(double lo, double hi, double step) {
    static Ticks of(double min, double max, int target) {
        if (!(max > min)) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        double step = nice((max - min) / Math.max(1, target));
        return new Ticks(Math.floor(min / step) * step, Math.ceil(max / step) * step, step);
    }

    private static double nice(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        double n = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        return n * mag;
    }

    /** Number of ticks. */
    int count() {
        return (int) Math.round((hi - lo) / step) + 1;
    }

    /** Tick {@code i}. */
    double at(int i) {
        return lo + i * step;
    }

    /** A tick label with just enough decimals for the step. */
    String label(double v) {
        if (Math.abs(v) >= 1e6 || (Math.abs(v) < 1e-4 && v != 0 && step < 1e-4)) {
            return String.format(java.util.Locale.ROOT, "%.2g", v);
        }
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        double clean = Math.abs(v) < step * 1e-6 ? 0 : v;
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", clean);
    }
}
