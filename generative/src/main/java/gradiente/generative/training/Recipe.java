package gradiente.generative.training;

import gradiente.tensor.Device;

/**
 * A built training recipe's shared settings, read back: what {@link RecipeBuilder} holds. Recipes
 * ({@code GanTraining}, {@code VaeTraining}, {@code ClassifierTraining}) add their own and a {@code fit}.
 *
 * @param <B> the recipe's builder
 */
public abstract class Recipe<B extends RecipeBuilder<B, ?>> {
    /** The settings, fixed once built. */
    protected final B b;

    protected Recipe(B b) {
        this.b = b;
    }

    public int epochs() {
        return b.epochs();
    }

    public int batch() {
        return b.batch();
    }

    public double lr() {
        return b.lr();
    }

    public long seed() {
        return b.seed();
    }

    public Device device() {
        return b.device();
    }
}
