package gradiente.tensor;

import java.util.function.LongBinaryOperator;

/**
 * The named random streams a training run draws from, each derived from the run's one seed so that
 * the streams are independent of each other and the same seed gives the same numbers. Every name
 * reproduces exactly the derivation the commands used before the streams were named (the constants
 * are kept, only given names), so runs, resumes and golden files are unchanged:
 *
 * <table>
 *   <caption>streams and their derivations from the run's seed {@code s} (and index {@code i})</caption>
 *   <tr><th>stream</th><th>seed of its {@link Generator}</th></tr>
 *   <tr><td>{@link #INIT}</td><td>{@code s}</td></tr>
 *   <tr><td>{@link #DROPOUT}</td><td>{@code s ^ 0x5DEECE66DL}</td></tr>
 *   <tr><td>{@link #VAE_EPS}</td><td>{@code s ^ 0x5DEECE66DL}</td></tr>
 *   <tr><td>{@link #LATENT_NOISE}</td><td>{@code s * 0x9E3779B97F4A7C15L + 1}</td></tr>
 *   <tr><td>{@link #FIXED_NOISE}</td><td>{@code s ^ 0x7F4A7C15L}</td></tr>
 *   <tr><td>{@link #FINAL_SAMPLES}</td><td>{@code s ^ 0x0123456789ABCDEFL}</td></tr>
 *   <tr><td>{@link #RECALIBRATION}</td><td>{@code (s ^ 0x2545F4914F6CDD1DL) + i} for epoch {@code i}</td></tr>
 *   <tr><td>{@link #SHUFFLE}</td><td>the murmur3 finaliser of {@code s * 0x9E3779B97F4A7C15L + i} for epoch {@code i}</td></tr>
 * </table>
 *
 * <p>{@code DROPOUT} and {@code VAE_EPS} share a derivation because they always did (no run uses both).
 */
public enum RandomStream {
    /** The networks' initial weights (the seed itself). */
    INIT((s, i) -> s, false),
    /** Dropout masks during training (a GAN's discriminator, the classifiers). */
    DROPOUT((s, i) -> s ^ 0x5DEECE66DL, false),
    /** The VAE's reparameterisation noise {@code eps} in {@code z = mu + sigma * eps} (seed 000 eq. 19) during training. */
    VAE_EPS((s, i) -> s ^ 0x5DEECE66DL, false),
    /** A GAN's latent vectors {@code z ~ p_z} drawn at every training step (the minimax objective's second term). */
    LATENT_NOISE((s, i) -> s * 0x9E3779B97F4A7C15L + 1, false),
    /** The latent vectors behind the per-epoch sample grids, drawn once, the same in every epoch. */
    FIXED_NOISE((s, i) -> s ^ 0x7F4A7C15L, false),
    /** The latent vectors of the final {@code samples.idx}. */
    FINAL_SAMPLES((s, i) -> s ^ 0x0123456789ABCDEFL, false),
    /** The latent vectors that re-estimate a weight average's batch-norm statistics after epoch {@code i}. */
    RECALIBRATION((s, i) -> (s ^ 0x2545F4914F6CDD1DL) + i, true),
    /** The order in which epoch {@code i} visits the training images. */
    SHUFFLE((s, i) -> {
        long z = s * 0x9E3779B97F4A7C15L + i;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        return z ^ (z >>> 33);
    }, true);

    private final LongBinaryOperator derivation;
    private final boolean indexed;

    RandomStream(LongBinaryOperator derivation, boolean indexed) {
        this.derivation = derivation;
        this.indexed = indexed;
    }

    /** True for streams drawn anew per epoch (they take an index). */
    public boolean indexed() {
        return indexed;
    }

    /** This stream's seed for a run seeded with {@code seed} (an indexed stream's index 0). */
    public long seed(long seed) {
        return derivation.applyAsLong(seed, 0);
    }

    /**
     * This stream's seed for a run seeded with {@code seed} at {@code index} (the epoch).
     *
     * @throws IllegalArgumentException for a non-zero index of a stream that is not {@link #indexed}
     */
    public long seed(long seed, long index) {
        if (!indexed && index != 0) {
            throw new IllegalArgumentException("random stream " + this + " is drawn once per run and takes no index, got " + index);
        }
        return derivation.applyAsLong(seed, index);
    }

    /** A fresh generator of this stream for a run seeded with {@code seed}. */
    public Generator generator(long seed) {
        return new Generator(seed(seed));
    }

    /** A fresh generator of this stream for a run seeded with {@code seed} at {@code index} (the epoch). */
    public Generator generator(long seed, long index) {
        return new Generator(seed(seed, index));
    }
}
