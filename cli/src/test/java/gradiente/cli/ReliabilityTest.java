package gradiente.cli;

import static org.assertj.core.api.Assertions.assertThat;

import gradiente.mnist.Split;
import gradiente.mnist.idx.IdxImages;
import gradiente.mnist.idx.IdxWriter;
import gradiente.mnist.idx.SyntheticIdx;
import gradiente.nn.checkpoint.SafeTensors;
import gradiente.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's reliability list: one test per probe of the table, each asserting the expected
 * behaviour (a clear error naming the option or file, or a correct run). The kill and interrupt probes
 * need other processes and are in {@link KillSafetyTest}.
 */
@Tag("reliability")
class ReliabilityTest {
    @TempDir
    static Path tmp;
    static Path data;
    /** A finished tiny GAN run (generator.safetensors, checkpoint.safetensors) and a finished MLP run. */
    static Path gan;
    static Path mlp;
    /** Every error message seen, checked at the end for internal class names. */
    static final List<String> ERRORS = new ArrayList<>();

    static final String[] GAN = {"--hidden", "16", "--latent", "8", "--batch", "32", "--train-size", "64", "--grid", "2",
            "--samples", "10", "--seed", "3"};

    @BeforeAll
    static void runs() throws Exception {
        data = SyntheticIdx.write(tmp.resolve("data"), 160, 40, 7);
        gan = tmp.resolve("gan");
        ok(gan("gan", gan, "--epochs", "2", "--save-every", "1"));
        mlp = tmp.resolve("mlp");
        ok(mlp(mlp, "--epochs", "1"));
    }

    static String[] gan(String model, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", model, "--dataset", "idx", "--data", data.toString(), "--out",
                out.toString()));
        a.addAll(List.of(GAN));
        return merged(a, extra);
    }

    static String[] mlp(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "mlp", "--dataset", "idx", "--data", data.toString(), "--out",
                out.toString(), "--batch", "32", "--train-size", "64", "--test-size", "20"));
        return merged(a, extra);
    }

    /** The base arguments with the options of {@code extra} replacing theirs (every base option takes a value). */
    private static String[] merged(List<String> base, String... extra) {
        List<String> given = List.of(extra);
        List<String> a = new ArrayList<>(base.subList(0, 2));
        for (int i = 2; i < base.size(); i += 2) {
            if (!given.contains(base.get(i))) {
                a.add(base.get(i));
                a.add(base.get(i + 1));
            }
        }
        a.addAll(given);
        return a.toArray(String[]::new);
    }

    static CliHarness.Result ok(String... args) {
        CliHarness.Result r = CliHarness.run(args);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        return r;
    }

    /** Runs a command that must fail and returns its standard error (plus output, for context). */
    static String fails(String... args) {
        CliHarness.Result r = CliHarness.run(args);
        assertThat(r.code()).as(r.out() + r.err()).isNotZero();
        assertThat(r.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception in thread");
        ERRORS.add(r.err());
        return r.err();
    }

    private static Path copyOf(Path run, String name) throws IOException {
        Path dst = tmp.resolve(name);
        Files.createDirectories(dst);
        try (Stream<Path> s = Files.list(run)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Files.copy(p, dst.resolve(p.getFileName()));
            }
        }
        return dst;
    }

    @Test
    @DisplayName("train mlp --resume from a checkpoint whose weights were overwritten with NaN: refused, naming file and tensor")
    void resumeFromNanWeights() throws IOException {
        Path run = copyOf(mlp, "nan-resume");
        Path ckpt = run.resolve("checkpoint.safetensors");
        SafeTensors.Contents c = SafeTensors.read(ckpt);
        Map<String, Tensor> t = new LinkedHashMap<>(c.tensors());
        t.put("1.weight", Tensor.full(Double.NaN, t.get("1.weight").shape()));
        SafeTensors.write(ckpt, t, c.metadata());
        String err = fails(mlp(run, "--epochs", "2", "--resume"));
        assertThat(err).contains("checkpoint.safetensors: tensor '1.weight'").contains("holds NaN/Inf");
    }

    @Test
    @DisplayName("sample from a generator whose weights are NaN: refused, naming file and tensor, no PNG written")
    void sampleFromNanGenerator() throws IOException {
        Path run = copyOf(gan, "nan-generator");
        Path g = run.resolve("generator.safetensors");
        SafeTensors.Contents c = SafeTensors.read(g);
        Map<String, Tensor> t = new LinkedHashMap<>(c.tensors());
        String first = t.keySet().iterator().next();
        t.put(first, Tensor.full(Double.NaN, t.get(first).shape()));
        SafeTensors.write(g, t, c.metadata());
        Path png = tmp.resolve("nan.png");
        assertThat(fails("sample", "--run", run.toString(), "--out", png.toString()))
                .contains("generator.safetensors: tensor '" + first + "'").contains("holds NaN/Inf");
        assertThat(png).doesNotExist();
    }

    @Test
    @DisplayName("--resume from a checkpoint with one flipped bit in a weight: refused by the tensor's checksum")
    void resumeFromFlippedBit() throws IOException {
        Path run = copyOf(mlp, "flipped");
        Path ckpt = run.resolve("checkpoint.safetensors");
        byte[] b = Files.readAllBytes(ckpt);
        long start = 8 + ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        b[(int) start + 401] ^= 0x01;
        Files.write(ckpt, b);
        String err = fails(mlp(run, "--epochs", "2", "--resume"));
        assertThat(err).contains("checkpoint.safetensors: tensor '1.weight' fails its CRC-32C checksum");
    }

    @Test
    @DisplayName("train mlp --lr 1e6: stops at the exploding or NaN loss naming epoch, update and --lr; no checkpoint")
    void mlpWithHugeStepStops() {
        Path run = tmp.resolve("lr1e6");
        String err = fails(mlp(run, "--epochs", "3", "--lr", "1e6"));
        assertThat(err).contains("training diverged: loss").containsPattern("at epoch 1, update [12] of 2")
                .contains("lower --lr 1000000.0").contains("no checkpoint had been written yet");
        assertThat(run.resolve("checkpoint.safetensors")).doesNotExist();
    }

    @Test
    @DisplayName("--on-nan warn: warns and goes on, but never writes a non-finite checkpoint")
    void warnPolicyWarnsAndNeverWritesNan() {
        Path run = tmp.resolve("warn");
        CliHarness.Result r = CliHarness.run(mlp(run, "--epochs", "2", "--lr", "1e38", "--on-nan", "warn"));
        assertThat(r.out()).containsPattern("warning: loss is (NaN|Infinity) at epoch 1").contains("--on-nan warn: training goes on");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("refusing to write").contains("checkpoint.safetensors").contains("holds NaN/Inf");
        assertThat(run.resolve("checkpoint.safetensors")).doesNotExist();
    }

    @Test
    @DisplayName("--lr 1e38 for the GAN and the VAE: stop at the first non-finite loss; no generator, samples or checkpoint")
    void ganAndVaeWithHugeStepStop() {
        Path g = tmp.resolve("gan-lr");
        String err = fails(gan("gan", g, "--epochs", "2", "--lr", "1e38"));
        assertThat(err).contains("training diverged: ").containsPattern("at epoch 1, update [12] of 2").contains("--lr 1.0E38");
        Path v = tmp.resolve("vae-lr");
        String verr = fails("train", "vae", "--dataset", "idx", "--data", data.toString(), "--out", v.toString(), "--hidden", "16",
                "--latent", "2", "--batch", "32", "--train-size", "64", "--test-size", "20", "--epochs", "2", "--lr", "1e6");
        assertThat(verr).contains("training diverged:").contains("--lr 1000000.0");
        for (Path run : List.of(g, v)) {
            for (String f : List.of("checkpoint.safetensors", "generator.safetensors", "samples.idx")) {
                assertThat(run.resolve(f)).as(run + "/" + f).doesNotExist();
            }
        }
    }

    @Test
    @DisplayName("--samples, --latent, --hidden, eval-gen --count too large: an estimate before allocating, naming the option")
    void memoryEstimates() {
        String samples = fails(gan("gan", tmp.resolve("m1"), "--epochs", "1", "--samples", "1000000000"));
        assertThat(samples).contains("--samples 1000000000").contains("needs about").contains("the heap is")
                .contains("lower --samples or raise GRADIENTE_HEAP");
        assertThat(fails(gan("gan", tmp.resolve("m2"), "--epochs", "1", "--latent", "1000000000")))
                .contains("--latent 1000000000").contains("lower --latent or --hidden");
        assertThat(fails(gan("gan", tmp.resolve("m3"), "--epochs", "1", "--hidden", "100000000")))
                .contains("--hidden 100000000").contains("raise GRADIENTE_HEAP");
        assertThat(fails("eval-gen", "--generator", gan.toString(), "--count", "1000000000"))
                .contains("--count 1000000000").contains("lower --count");
        assertThat(fails("train", "cnn", "--dataset", "idx", "--data", data.toString(), "--out", tmp.resolve("m4").toString(),
                "--filters", "10000000")).contains("--batch 128 with 10000000 filters").contains("lower --batch or --filters");
        // Ordinary sizes pass the estimates.
        assertThat(ok("eval", "--checkpoint", mlp.resolve("checkpoint.safetensors").toString(), "--dataset", "idx", "--data",
                data.toString(), "--batch", "40", "--out", tmp.resolve("m5").toString()).out()).contains("test_accuracy=");
        assertThat(tmp.resolve("m1").resolve("checkpoint.safetensors")).doesNotExist();
    }

    @Test
    @DisplayName("--train-size -1, --epochs 0, --mistakes -1, --save-every -1, --eval-every -1, --batch 0: range errors at parse time")
    void numericRanges() {
        assertThat(fails(mlp(tmp.resolve("r1"), "--train-size", "-1"))).contains("--train-size -1: must be >= 0 (0 = all)");
        assertThat(fails(mlp(tmp.resolve("r2"), "--epochs", "0"))).contains("--epochs 0: must be >= 1");
        assertThat(fails(mlp(tmp.resolve("r3"), "--mistakes", "-1"))).contains("--mistakes -1: must be >= 0");
        assertThat(fails(gan("gan", tmp.resolve("r4"), "--save-every", "-1"))).contains("--save-every -1: must be >= 0");
        assertThat(fails(gan("gan", tmp.resolve("r5"), "--eval-every", "-1"))).contains("--eval-every -1: must be >= 0");
        assertThat(fails(mlp(tmp.resolve("r6"), "--lr", "-0.1"))).contains("--lr -0.1: must be > 0 (a step size)");
        assertThat(fails(gan("wgan", tmp.resolve("r7"), "--n-critic", "0"))).contains("--n-critic 0: must be >= 1");
        assertThat(fails(gan("gan", tmp.resolve("r8"), "--beta1", "1"))).contains("--beta1 1.0: must be >= 0 and < 1");
        for (int i = 1; i <= 8; i++) {
            assertThat(tmp.resolve("r" + i)).as("nothing written before the check").doesNotExist();
        }
    }

    @Test
    @DisplayName("an IDX training file with 0 images: an error naming the file")
    void emptyDataSet() throws IOException {
        Path empty = tmp.resolve("empty-data");
        SyntheticIdx.write(empty, 10, 10, 1);
        IdxWriter.writeImages(empty.resolve(Split.TRAIN.imagesFile()), new IdxImages(0, 28, 28, new byte[0]), false);
        IdxWriter.writeLabels(empty.resolve(Split.TRAIN.labelsFile()), new int[0], false);
        String err = fails("train", "mlp", "--dataset", "idx", "--data", empty.toString(), "--out", tmp.resolve("e").toString());
        assertThat(err).contains(empty.resolve(Split.TRAIN.imagesFile()).toString()).contains("holds 0 images");
    }

    @Test
    @DisplayName("sample --checkpoint X/generator.safetensors --out X/generator.safetensors: refused, the generator kept")
    void outputEqualToInput() throws IOException {
        Path g = gan.resolve("generator.safetensors");
        byte[] before = Files.readAllBytes(g);
        assertThat(fails("sample", "--checkpoint", g.toString(), "--out", g.toString()))
                .contains("--out " + g + " is also an input of this command");
        assertThat(fails("sample", "--run", gan.toString(), "--out", g.toString())).contains("is also an input");
        assertThat(Files.readAllBytes(g)).isEqualTo(before);
    }

    @Test
    @DisplayName("train gan --out DIR over a finished run without --resume: refused; --overwrite starts afresh")
    void finishedRunFolder() throws IOException {
        Path run = copyOf(gan, "finished");
        assertThat(fails(gan("gan", run, "--epochs", "1"))).contains("--out " + run + " already holds a run")
                .contains("--resume").contains("--overwrite");
        assertThat(run.resolve("generator_epoch_002.safetensors")).exists();
        CliHarness.Result r = ok(gan("gan", run, "--epochs", "1", "--overwrite", "--save-every", "1"));
        assertThat(r.out()).contains("--overwrite: removed");
        assertThat(run.resolve("generator_epoch_001.safetensors")).exists();
        assertThat(run.resolve("generator_epoch_002.safetensors")).as("the earlier run's files are gone").doesNotExist();
        assertThat(fails(gan("gan", run, "--epochs", "2", "--resume", "--overwrite"))).contains("give one");
    }

    @Test
    @DisplayName("a second run on an --out in use: refused with the lock's owner")
    void lockedFolder() throws Exception {
        Path run = tmp.resolve("locked");
        Files.createDirectories(run);
        // Another thread of this process holds the folder (another process is KillSafetyTest's case).
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread other = new Thread(() -> {
            try (var lock = gradiente.generative.training.RunFolderLock.acquire(run, null, System.out)) {
                held.countDown();
                done.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "other-run");
        other.start();
        assertThat(held.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        try {
            assertThat(fails(gan("gan", run, "--epochs", "1"))).contains("--out " + run + " is in use by another run of this"
                    + " process (pid " + ProcessHandle.current().pid() + ", thread other-run)");
        } finally {
            done.countDown();
        }
        other.join();
        ok(gan("gan", run, "--epochs", "1", "--samples", "0"));
    }

    @Test
    @DisplayName("--out /proc/x, --out \"\": refused before any work, with the reason")
    void badOutputPaths() {
        assertThat(fails(mlp(Path.of("/proc/gradiente-x")))).contains("--out /proc/gradiente-x: cannot write under /proc");
        assertThat(fails(gan("gan", Path.of("")))).contains("--out is empty");
        assertThat(fails("sample", "--run", gan.toString(), "--out", ""))
                .contains("--out is empty");
        assertThat(fails("sample", "--run", gan.toString(), "--out", tmp.toString())).contains("is a folder; name a file");
    }

    @Test
    @DisplayName("a GAN generator or training checkpoint given to eval, control or sample: says what it is and what to use")
    void wrongKindOfFile() {
        Path g = gan.resolve("generator.safetensors");
        Path ck = gan.resolve("checkpoint.safetensors");
        Path m = mlp.resolve("checkpoint.safetensors");
        String png = tmp.resolve("x.png").toString();
        assertThat(fails("eval", "--checkpoint", g.toString(), "--dataset", "idx", "--data", data.toString()))
                .contains(g + " is a GAN generator (written by train gan)").contains("eval-gen --generator " + g);
        assertThat(fails("eval", "--checkpoint", ck.toString(), "--dataset", "idx", "--data", data.toString()))
                .contains("is the training checkpoint of a train gan run").contains("eval-gen --generator");
        assertThat(fails("control", "--run", gan.toString(), "--classifier", g.toString(), "--from", "1", "--to", "2", "--out",
                png)).contains("control: " + g + " is a GAN generator");
        assertThat(fails("sample", "--checkpoint", ck.toString(), "--out", png))
                .contains(ck + " is the training checkpoint of a train gan run").contains("--run " + gan);
        assertThat(fails("sample", "--checkpoint", m.toString(), "--out", png)).contains("is a classifier checkpoint (train mlp)");
        assertThat(tmp.resolve("x.png")).doesNotExist();
    }

    @Test
    @DisplayName("temporary files of an interrupted checkpoint write are removed at the next start of that run folder")
    void leftoverTemporaryFiles() throws IOException {
        Path run = copyOf(mlp, "leftovers");
        Files.write(run.resolve(".checkpoint.safetensors.8812345.tmp"), new byte[100]);
        CliHarness.Result r = ok(mlp(run, "--epochs", "2", "--resume"));
        assertThat(r.out()).contains("removed 1 temporary file(s)").contains(".checkpoint.safetensors.8812345.tmp");
        try (Stream<Path> s = Files.list(run)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    @DisplayName("an OutOfMemoryError is one paragraph with the heap size and GRADIENTE_HEAP, exit code 3")
    void outOfMemoryParagraph() {
        @picocli.CommandLine.Command(name = "hog")
        class Hog implements java.util.concurrent.Callable<Integer> {
            @Override
            public Integer call() {
                throw new OutOfMemoryError("Java heap space");
            }
        }
        var cl = new picocli.CommandLine(new Hog());
        cl.setExecutionStrategy(Main::execute);
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(err, true));
        assertThat(cl.execute()).isEqualTo(3);
        assertThat(err.toString().strip().lines()).singleElement().asString().contains("gradiente hog ran out of memory"
                + " (Java heap space) with a heap of").contains("GRADIENTE_HEAP");
    }

    @AfterAll
    static void messagesNameOptionsAndFilesNeverInternalClasses() {
        assertThat(ERRORS).isNotEmpty();
        for (String e : ERRORS) {
            assertThat(e).doesNotContainPattern("\\$[A-Z]").doesNotContainPattern("gradiente\\.[a-z]+\\.[A-Za-z.]*[A-Z]")
                    .doesNotContain("Exception:").doesNotContain("ParamGroup:");
        }
    }
}
