package gradiente.generative.training;

import gradiente.nn.train.ProgressBar;
import gradiente.tensor.Backends;
import gradiente.tensor.Device;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The settings every training recipe's builder shares: the seed, the device, the run folder, resuming,
 * the progress bar, the loop's log and the listeners. A recipe's builder extends it with its own settings
 * ({@code B} is that builder, so the shared setters chain) and calls {@link #complete(String)} when it builds.
 *
 * @param <B> the recipe's builder
 * @param <R> the recipe's run type, which its listeners see
 */
public abstract class RecipeBuilder<B extends RecipeBuilder<B, R>, R> {
    private int epochs;
    private int batch;
    private double lr;
    private long seed = 1;
    private Device device;
    private Path runFolder;
    private boolean resume;
    private boolean overwrite;
    private String command;
    private DivergenceGuard guard;
    private ProgressBar progress;
    private PrintStream log = System.out;
    private final Listeners<R> listeners = new Listeners<>();

    /** This builder, typed as the subclass. */
    protected abstract B self();

    /** Total epochs (a resumed run continues up to this); default the model's. */
    public B epochs(int n) {
        this.epochs = n;
        return self();
    }

    /** Images per update; default the model's. */
    public B batch(int n) {
        this.batch = n;
        return self();
    }

    /** The optimiser's step size; default the model's. */
    public B lr(double v) {
        this.lr = v;
        return self();
    }

    /** Seed of the weights and of every random stream derived from it; default 1. */
    public B seed(long s) {
        this.seed = s;
        return self();
    }

    /** Where the networks run; default {@link Backends#defaultDevice()}. */
    public B device(Device d) {
        this.device = d;
        return self();
    }

    /** The run folder (checkpoint, metrics, curves, images); default {@code runs/MODEL}. */
    public B runFolder(Path dir) {
        this.runFolder = dir;
        return self();
    }

    /** Continue the run in the folder from its checkpoint (same settings, more epochs); default false. */
    public B resume(boolean on) {
        this.resume = on;
        return self();
    }

    /**
     * Start afresh in a run folder that holds an earlier run, removing that run's files first
     * ({@link RunStart}); default false, and such a folder is refused unless resuming.
     */
    public B overwrite(boolean on) {
        this.overwrite = on;
        return self();
    }

    /** The command line that the note printed on an interrupted run repeats (with resuming); default none. */
    public B command(String line) {
        this.command = line;
        return self();
    }

    /**
     * Watches the losses, metrics, parameters and gradients for NaN or explosion; default: stop at the
     * first, naming the learning rate ({@link DivergenceGuard}).
     */
    public B guard(DivergenceGuard g) {
        this.guard = g;
        return self();
    }

    /** The per-epoch progress bar; default {@link ProgressBar#console()}. */
    public B progress(ProgressBar p) {
        this.progress = p;
        return self();
    }

    /** Where the loop's own messages go ("resuming from ..."); default standard output. */
    public B log(PrintStream out) {
        this.log = out;
        return self();
    }

    /** Attaches a listener; listeners run in the order attached. */
    public B listener(TrainingListener<? super R> l) {
        listeners.add(l);
        return self();
    }

    /**
     * Checks the shared settings ({@code epochs >= 0}, {@code batch >= 1}) and fills the defaults that depend on
     * the machine (device, console); call once from {@code build()}.
     */
    protected final void complete(String owner) {
        atLeast(owner, "epochs", epochs, 0);
        atLeast(owner, "batch", batch, 1);
        if (device == null) {
            device = Backends.defaultDevice();
        }
        if (progress == null) {
            progress = ProgressBar.console();
        }
    }

    /** Throws a {@link SettingException} of {@code owner} unless {@code value >= min}. */
    protected static void atLeast(String owner, String setting, int value, int min) {
        if (value < min) {
            throw new SettingException(owner, setting, "must be >= " + min + ", got " + value);
        }
    }

    public int epochs() {
        return epochs;
    }

    public int batch() {
        return batch;
    }

    public double lr() {
        return lr;
    }

    public long seed() {
        return seed;
    }

    public Device device() {
        return device;
    }

    /** The folder given, or {@code fallback} when none was. */
    public Path runFolder(String fallback) {
        return runFolder != null ? runFolder : Path.of("runs", fallback);
    }

    public boolean resume() {
        return resume;
    }

    public boolean overwrite() {
        return overwrite;
    }

    /** The divergence guard given, else one that stops and names the learning rate. */
    public DivergenceGuard guard() {
        return guard != null ? guard : new DivergenceGuard(DivergenceGuard.OnNan.STOP, "the learning rate (lr " + lr + ")", log);
    }

    /**
     * Opens the run folder for a run ({@link RunStart#open}): created, locked for this process, cleared of
     * the temporary files of killed writes, and refused when it holds an earlier run unless resuming or
     * overwriting.
     */
    public RunFolder openRunFolder(String fallback) throws IOException {
        return RunStart.open(runFolder(fallback), resume, overwrite, command != null ? command : "the same command", log);
    }

    public ProgressBar progress() {
        return progress;
    }

    public PrintStream log() {
        return log;
    }

    public Listeners<R> listeners() {
        return listeners;
    }
}
