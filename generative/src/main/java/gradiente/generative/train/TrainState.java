package gradiente.generative.train;

import gradiente.nn.Module;
import gradiente.nn.checkpoint.Checkpoint;
import gradiente.nn.optim.Optimizer;
import gradiente.tensor.Generator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything a run must save to continue exactly: the model (parameters and buffers), its optimiser's
 * slots and the named random generators (dropout masks, noise). Several networks (a GAN's generator and
 * discriminator) are saved together by making them children of one container {@link Module}.
 *
 * @param model      the trained module
 * @param optimizer  its optimiser (may be null for a model that is only evaluated)
 * @param generators random sources by name, e.g. {@code "dropout"}
 */
public record TrainState(Module model, Optimizer optimizer, Map<String, Generator> generators) {
    public TrainState {
        generators = Map.copyOf(generators);
    }

    /** Saves a checkpoint (atomically) with caller information such as the epoch. */
    public void save(Path file, Map<String, String> info) throws IOException {
        Checkpoint.save(file, model, optimizer, generators, info);
    }

    /** Restores a checkpoint in place and returns its caller information. */
    public Map<String, String> load(Path file) throws IOException {
        return Checkpoint.load(file, model, optimizer, generators);
    }
}
