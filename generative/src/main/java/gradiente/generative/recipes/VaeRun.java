package gradiente.generative.recipes;

import gradiente.generative.training.MetricHistory;
import gradiente.generative.training.RunFolder;
import gradiente.generative.training.RunRecord;
import gradiente.generative.vae.Vae;
import gradiente.generative.vae.VaeSpec;
import gradiente.mnist.Dataset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@link VaeTraining} run: the specification, the VAE, the training and test sets, the run folder and
 * settings, and after {@code fit} the history, the final test negative ELBO and its terms (nats per image:
 * {@code test_neg_elbo}, {@code test_kl}, {@code test_recon}) and the summary of {@code metrics.json}.
 */
public final class VaeRun extends RunRecord {
    private final VaeTraining recipe;
    private final VaeSpec spec;
    private final Vae vae;
    private final Dataset train;
    private final Dataset test;
    private Map<String, Double> finalTest = Map.of();

    VaeRun(VaeTraining recipe, VaeSpec spec, Vae vae, Dataset train, Dataset test, RunFolder folder,
           Map<String, String> settings) {
        super(folder, settings);
        this.recipe = recipe;
        this.spec = spec;
        this.vae = vae;
        this.train = train;
        this.test = test;
    }

    public VaeTraining recipe() {
        return recipe;
    }

    public VaeSpec spec() {
        return spec;
    }

    public Vae vae() {
        return vae;
    }

    public Dataset train() {
        return train;
    }

    public Dataset test() {
        return test;
    }

    /** The final model's test metrics; empty until training has finished. */
    public Map<String, Double> finalTest() {
        return finalTest;
    }

    void finish(MetricHistory h, Map<String, Double> test) {
        history(h);
        this.finalTest = Collections.unmodifiableMap(new LinkedHashMap<>(test));
    }
}
