package gradiente.tensor;

/**
 * A seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64). The algorithm is fixed
 * here, so the same seed gives the same numbers on every JVM and every backend (random tensors are
 * drawn on the host, then copied to the device).
 */
public final class Generator {
    private long s0;
    private long s1;
    private long s2;
    private long s3;
    private double spareNormal;
    private boolean hasSpare;

    public Generator(long seed) {
        long x = seed;
        s0 = splitMix(x += 0x9E3779B97F4A7C15L);
        s1 = splitMix(x += 0x9E3779B97F4A7C15L);
        s2 = splitMix(x += 0x9E3779B97F4A7C15L);
        s3 = splitMix(x + 0x9E3779B97F4A7C15L);
    }

    /** The seed of the default sequence until {@link #manualSeed} changes it. */
    public static final long DEFAULT_SEED = 0;

    private static Generator defaultMaster = new Generator(DEFAULT_SEED);

    /**
     * A fresh generator for a layer whose caller gave none ({@code new Linear(784, 128)}): the k-th call
     * since start-up (or since the last {@link #manualSeed}) returns {@code new Generator(m_k)}, where
     * {@code m_k} is the k-th {@link #nextLong} of {@code new Generator(DEFAULT_SEED)} (or of the manual
     * seed). So a program that builds its layers in the same order gets the same weights on every run, and
     * two layers of one shape still get different weights. This is the role of PyTorch's default generator
     * and {@code torch.manual_seed}; code that needs independence from construction order passes its own
     * generators (the commands do: see {@link RandomStream}).
     */
    public static synchronized Generator nextDefault() {
        return new Generator(defaultMaster.nextLong());
    }

    /** Restarts the default sequence of {@link #nextDefault} from {@code seed}. */
    public static synchronized void manualSeed(long seed) {
        defaultMaster = new Generator(seed);
    }

    /**
     * The generator of a named stream of a run seeded with {@code seed}:
     * {@code Generator.derive(seed, RandomStream.FIXED_NOISE)} (see {@link RandomStream} for each stream's
     * derivation).
     */
    public static Generator derive(long seed, RandomStream stream) {
        return stream.generator(seed);
    }

    /** The generator of a named per-epoch stream of a run seeded with {@code seed}, at {@code index}. */
    public static Generator derive(long seed, RandomStream stream, long index) {
        return stream.generator(seed, index);
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Next 64 random bits. */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("nextInt: bound must be positive, got " + bound);
        }
        return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
    }

    /** Standard normal (Box-Muller, both values used). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareNormal;
        }
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 <= 0);
        double u2 = nextDouble();
        double r = Math.sqrt(-2.0 * StrictMath.log(u1));
        spareNormal = r * StrictMath.sin(2 * Math.PI * u2);
        hasSpare = true;
        return r * StrictMath.cos(2 * Math.PI * u2);
    }

    /** A random permutation of 0..n-1 (Fisher-Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The complete state, for checkpoints. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3, Double.doubleToRawLongBits(spareNormal), hasSpare ? 1 : 0};
    }

    /** Restores a state returned by {@link #state()}. */
    public void setState(long[] state) {
        if (state.length != 6) {
            throw new IllegalArgumentException("generator state must have 6 words, got " + state.length);
        }
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
        spareNormal = Double.longBitsToDouble(state[4]);
        hasSpare = state[5] != 0;
    }
}
