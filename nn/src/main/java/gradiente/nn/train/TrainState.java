package gradiente.nn.train;

import gradiente.nn.Module;
import gradiente.nn.checkpoint.Checkpoint;
import gradiente.nn.optim.Optimizer;
import gradiente.tensor.Generator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a run must save to continue exactly: the model (parameters and buffers), its optimisers'
 * slots and the named random generators (dropout masks, noise). Several networks (a GAN's generator and
 * discriminator) are saved together by making them children of one container {@link Module}; each
 * network's optimiser is then saved under its own name.
 *
 * @param model      the trained module
 * @param optimizers optimisers by name ({@code ""} for a model's single optimiser; may be empty)
 * @param generators random sources by name, e.g. {@code "dropout"}
 */
public record TrainState(Module model, Map<String, Optimizer> optimizers, Map<String, Generator> generators) {
    public TrainState {
        optimizers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(optimizers));
        generators = Map.copyOf(generators);
    }

    /** A model with a single optimiser (may be null for a model that is only evaluated). */
    public TrainState(Module model, Optimizer optimizer, Map<String, Generator> generators) {
        this(model, optimizer == null ? Map.of() : Map.of("", optimizer), generators);
    }

    /** Saves a checkpoint (atomically) with caller information such as the epoch. */
    public void save(Path file, Map<String, String> info) throws IOException {
        Checkpoint.saveAll(file, model, optimizers, generators, info);
    }

    /** Restores a checkpoint in place and returns its caller information. */
    public Map<String, String> load(Path file) throws IOException {
        return Checkpoint.loadAll(file, model, optimizers, generators);
    }
}
