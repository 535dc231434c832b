package gradiente.peers.tf;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Thesis 4.2's DCGAN (Brownlee's Keras listing, {@code shared/keras-reference/keras_dcgan.py}) on TensorFlow's own
 * kernels through TensorFlow Java (graph mode): Conv2D, Conv2DBackpropInput (Keras' Conv2DTranspose), their
 * gradients from TensorFlow's gradient registry ({@code Graph.addGradients}), the sigmoid cross-entropy on
 * logits written as {@code tf.nn.sigmoid_cross_entropy_with_logits} is, and Adam as TensorFlow's
 * {@code ResourceApplyAdam} kernel (epsilon on the uncorrected root, Keras' form). Channels last, as Keras.
 *
 * <p>Two modes: a free run with its own random numbers ({@code --seed}), printing Keras' window lines; and
 * {@code --replay DIR}, which replays a gradiente lockstep record update for update from gradiente's initial
 * weights with gradiente's inputs (real images, latents, dropout masks) and reports the distance.
 */
public final class TfDcgan {
    static final int LATENT = 100;
    static final int HALF = 128;
    static final int BATCH = 256;
    static final float LR = 2e-4f;
    static final float B1 = 0.5f;
    static final float B2 = 0.999f;
    static final float EPS = 1e-7f;
    static final float SLOPE = 0.2f;
    static final float RATE = 0.4f;

    // ---------------------------------------------------------------- options

    static final class Options {
        Path data = Path.of(System.getProperty("user.home"), ".cache", "gradiente", "mnist");
        int updates = 400;
        int every = 20;
        int gridEvery = 0;
        Path out = Path.of("tf-dcgan");
        long seed = 1;
        int threads = 2;
        boolean warmup = true;
        Path replay;
        int replayFrom = 0;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (a) {
                    case "--data" -> o.data = Path.of(need(a, v));
                    case "--updates" -> o.updates = Integer.parseInt(need(a, v));
                    case "--every" -> o.every = Integer.parseInt(need(a, v));
                    case "--grid-every" -> o.gridEvery = Integer.parseInt(need(a, v));
                    case "--out" -> o.out = Path.of(need(a, v));
                    case "--seed" -> o.seed = Long.parseLong(need(a, v));
                    case "--threads" -> o.threads = Integer.parseInt(need(a, v));
                    case "--warmup" -> {
                        String w = need(a, v);
                        if (!w.equals("keras") && !w.equals("none")) {
                            throw new IllegalArgumentException("--warmup keras|none, got " + w);
                        }
                        o.warmup = w.equals("keras");
                    }
                    case "--replay" -> o.replay = Path.of(need(a, v));
                    case "--replay-from" -> o.replayFrom = Integer.parseInt(need(a, v));
                    case "-h", "--help" -> {
                        System.out.println(USAGE);
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
                }
                if (!a.equals("-h") && !a.equals("--help")) {
                    i++;
                }
            }
            if (o.every < 1 || o.updates < 0 || o.threads < 1) {
                throw new IllegalArgumentException("--every and --threads must be >= 1, --updates >= 0");
            }
            return o;
        }

        private static String need(String a, String v) {
            if (v == null) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            return v;
        }
    }

    static final String USAGE = """
            usage: TfDcgan [--data DIR] [--updates N] [--every 20] [--grid-every 0] [--out DIR] [--seed S]
                           [--threads 2] [--warmup keras|none]
                   TfDcgan --replay RECORD_DIR [--replay-from U] [--updates N] [--out DIR] [--threads 2]
              free run: thesis 4.2's DCGAN as keras_dcgan.py, on TensorFlow's kernels; window lines every --every
                updates, a 10x10 fixed-noise grid every --grid-every updates and at the end (--out).
                --warmup keras (default): the start-up trainability check's three steps (D, GAN, D) are kept as
                training, as keras_dcgan.py does; none: the check is undone before update 1.
              replay: a gradiente lockstep record (train dcgan --lockstep-record DIR), from state-000000.bin (or
                state-U.bin with its Adam slots, --replay-from U), with the record's inputs; per update gradiente's
                and TensorFlow's loss_d, loss_g, D(x), D(G(z)); at every state file the relative L2 distance of
                TensorFlow's weights from gradiente's per tensor. Writes --out/replay.csv.""";

    // ---------------------------------------------------------------- variables

    /** A resource variable with its two Adam slots, and ops to read and assign all three. */
    static final class Var {
        final String name;
        final String gname;
        final long[] shape;
        final int size;
        final int[] perm;
        Operand<?> h;
        Operand<?> m;
        Operand<?> v;
        Operand<TFloat32> read;
        Operand<TFloat32> readM;
        Operand<TFloat32> readV;
        Placeholder<TFloat32> in;
        Op setVal;
        Op setM;
        Op setV;
        Output<?> grad;

        Var(String name, String gname, int[] perm, long... shape) {
            this.name = name;
            this.gname = gname;
            this.shape = shape;
            int n = 1;
            for (long d : shape) {
                n *= (int) d;
            }
            this.size = n;
            this.perm = perm;
            if (perm.length != n) {
                throw new IllegalStateException(name + ": layout map of " + perm.length + " for " + n);
            }
        }

        /** Keras' compute_fans on this kernel's shape (Dense (in, out); conv (kh, kw, a, b)). */
        double glorotLimit() {
            double fanIn;
            double fanOut;
            if (shape.length == 2) {
                fanIn = shape[0];
                fanOut = shape[1];
            } else {
                double rf = shape[0] * shape[1];
                fanIn = rf * shape[2];
                fanOut = rf * shape[3];
            }
            return Math.sqrt(6.0 / (fanIn + fanOut));
        }

        boolean isKernel() {
            return name.endsWith("_k");
        }
    }

    final Graph graph = new Graph();
    final Ops tf = Ops.create(graph);
    final Session session;
    final List<Var> gVars = new ArrayList<>();
    final List<Var> dVars = new ArrayList<>();
    long gStepCount;
    long dStepCount;

    final Placeholder<TFloat32> zIn;
    final Placeholder<TFloat32> xIn;
    final Placeholder<TFloat32> labels;
    final Placeholder<TFloat32> mask0;
    final Placeholder<TFloat32> mask1;
    final Placeholder<TFloat32> b1pow;
    final Placeholder<TFloat32> b2pow;
    final Operand<TFloat32> fake;
    final Operand<TFloat32> logitsD;
    final Operand<TFloat32> lossD;
    final Operand<TFloat32> lossG;
    final Operand<TFloat32> probe;
    final List<Op> applyD = new ArrayList<>();
    final List<Op> applyG = new ArrayList<>();

    TfDcgan(int threads) {
        Var gk0 = new Var("g_dense_k", "g.body.0.weight", Gls.dense(6272, 100, Gls.chwToHwc(128, 7, 7), null), 100, 6272);
        Var gb0 = new Var("g_dense_b", "g.body.0.bias", Gls.chwToHwc(128, 7, 7), 6272);
        Var gk1 = new Var("g_ct1_k", "g.body.3.weight", Gls.convTranspose(128, 128, 4, 4), 4, 4, 128, 128);
        Var gb1 = new Var("g_ct1_b", "g.body.3.bias", Gls.identity(128), 128);
        Var gk2 = new Var("g_ct2_k", "g.body.5.weight", Gls.convTranspose(128, 128, 4, 4), 4, 4, 128, 128);
        Var gb2 = new Var("g_ct2_b", "g.body.5.bias", Gls.identity(128), 128);
        Var gk3 = new Var("g_conv_k", "g.body.7.weight", Gls.conv(1, 128, 7, 7), 7, 7, 128, 1);
        Var gb3 = new Var("g_conv_b", "g.body.7.bias", Gls.identity(1), 1);
        Var dk0 = new Var("d_c1_k", "d.body.0.weight", Gls.conv(64, 1, 3, 3), 3, 3, 1, 64);
        Var db0 = new Var("d_c1_b", "d.body.0.bias", Gls.identity(64), 64);
        Var dk1 = new Var("d_c2_k", "d.body.3.weight", Gls.conv(64, 64, 3, 3), 3, 3, 64, 64);
        Var db1 = new Var("d_c2_b", "d.body.3.bias", Gls.identity(64), 64);
        Var dk2 = new Var("d_dense_k", "d.body.7.weight", Gls.dense(1, 3136, null, Gls.chwToHwc(64, 7, 7)), 3136, 1);
        Var db2 = new Var("d_dense_b", "d.body.7.bias", Gls.identity(1), 1);
        gVars.addAll(List.of(gk0, gb0, gk1, gb1, gk2, gb2, gk3, gb3));
        dVars.addAll(List.of(dk0, db0, dk1, db1, dk2, db2));
        for (Var v : all()) {
            v.h = handle(v.name, v.shape);
            v.m = handle(v.name + "_m", v.shape);
            v.v = handle(v.name + "_v", v.shape);
            v.read = tf.withName(v.name + "_read").readVariableOp(v.h, TFloat32.class);
            v.readM = tf.readVariableOp(v.m, TFloat32.class);
            v.readV = tf.readVariableOp(v.v, TFloat32.class);
            v.in = tf.withName(v.name + "_in").placeholder(TFloat32.class, Placeholder.shape(Shape.of(v.shape)));
            v.setVal = tf.assignVariableOp(v.h, v.in);
            v.setM = tf.assignVariableOp(v.m, v.in);
            v.setV = tf.assignVariableOp(v.v, v.in);
        }
        zIn = tf.withName("z").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, LATENT)));
        xIn = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 28, 28, 1)));
        labels = tf.withName("labels").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 1)));
        mask0 = tf.withName("mask0").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 14, 14, 64)));
        mask1 = tf.withName("mask1").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 7, 7, 64)));
        b1pow = tf.withName("beta1_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        b2pow = tf.withName("beta2_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

        fake = generator(zIn);
        // D's step: one call on the 256 images of D's batch, dropout on (masks fed), loss on the logits.
        logitsD = discriminator(xIn, true);
        lossD = bce(logitsD, labels);
        adam(lossD, dVars, applyD);
        // G's step: G then the (just updated, frozen) D in training mode, gradients for G's variables only.
        lossG = bce(discriminator(fake, true), labels);
        adam(lossG, gVars, applyG);
        // Keras' measurement: D in inference mode (no dropout).
        probe = tf.math.sigmoid(discriminator(xIn, false));

        ConfigProto config = ConfigProto.newBuilder().setIntraOpParallelismThreads(threads)
                .setInterOpParallelismThreads(1).build();
        session = new Session(graph, config);
    }

    List<Var> all() {
        List<Var> a = new ArrayList<>(gVars);
        a.addAll(dVars);
        return a;
    }

    private Operand<?> handle(String name, long[] shape) {
        return tf.withName(name).varHandleOp(TFloat32.class, Shape.of(shape), VarHandleOp.sharedName(name));
    }

    private Var var(String name) {
        for (Var v : all()) {
            if (v.name.equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private Operand<TFloat32> leaky(Operand<TFloat32> x) {
        return tf.nn.leakyRelu(x, LeakyRelu.alpha(SLOPE));
    }

    /** Keras' conv bias: ops.add(outputs, reshape(bias, (1, 1, 1, filters))). */
    private Operand<TFloat32> convBias(Operand<TFloat32> x, Var b) {
        return tf.math.add(x, tf.reshape(b.read, tf.constant(new int[] {1, 1, 1, (int) b.shape[0]})));
    }

    private Operand<TFloat32> generator(Operand<TFloat32> z) {
        Operand<TFloat32> h = tf.math.add(tf.linalg.matMul(z, var("g_dense_k").read), var("g_dense_b").read);
        h = leaky(h);
        h = tf.reshape(h, tf.constant(new int[] {-1, 7, 7, 128}));
        h = leaky(convBias(convTranspose(h, var("g_ct1_k"), 14), var("g_ct1_b")));
        h = leaky(convBias(convTranspose(h, var("g_ct2_k"), 28), var("g_ct2_b")));
        h = convBias(tf.nn.conv2d(h, var("g_conv_k").read, List.of(1L, 1L, 1L, 1L), "SAME"), var("g_conv_b"));
        return tf.withName("g_out").math.sigmoid(h);
    }

    /** tf.nn.conv_transpose, as Keras' Conv2DTranspose calls it: Conv2DBackpropInput, SAME, output (n, 2h, 2w, 128). */
    private Operand<TFloat32> convTranspose(Operand<TFloat32> x, Var k, int size) {
        Operand<TInt32> n = tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
        Operand<TInt32> sizes = tf.concat(List.of(n, tf.constant(new int[] {size, size, (int) k.shape[2]})), tf.constant(0));
        return tf.nn.conv2dBackpropInput(sizes, k.read, x, List.of(1L, 2L, 2L, 1L), "SAME");
    }

    /** Keras/TF inverted dropout: x * (1 / 0.6), then zero where the mask drops. */
    private Operand<TFloat32> dropout(Operand<TFloat32> x, Operand<TFloat32> mask) {
        return tf.math.mul(tf.math.mul(x, tf.constant(1f / (1f - RATE))), mask);
    }

    private Operand<TFloat32> discriminator(Operand<TFloat32> x, boolean training) {
        Operand<TFloat32> h = leaky(convBias(tf.nn.conv2d(x, var("d_c1_k").read, List.of(1L, 2L, 2L, 1L), "SAME"),
                var("d_c1_b")));
        if (training) {
            h = dropout(h, mask0);
        }
        h = leaky(convBias(tf.nn.conv2d(h, var("d_c2_k").read, List.of(1L, 2L, 2L, 1L), "SAME"), var("d_c2_b")));
        if (training) {
            h = dropout(h, mask1);
        }
        h = tf.reshape(h, tf.constant(new int[] {-1, 3136}));
        return tf.math.add(tf.linalg.matMul(h, var("d_dense_k").read), var("d_dense_b").read);
    }

    /**
     * Keras' binary_crossentropy of a sigmoid output: tf.nn.sigmoid_cross_entropy_with_logits as TensorFlow
     * writes it (relu(x) - x z + log1p(exp(-|x|)) with two where's), summed and divided by the batch size
     * (Keras' sum_over_batch_size). Gradients come from TensorFlow's registry for those ops, as in Keras.
     */
    private Operand<TFloat32> bce(Operand<TFloat32> logits, Operand<TFloat32> z) {
        Operand<TFloat32> zeros = tf.zerosLike(logits);
        Operand<TBool> cond = tf.math.greaterEqual(logits, zeros);
        Operand<TFloat32> relu = tf.select(cond, logits, zeros);
        Operand<TFloat32> negAbs = tf.select(cond, tf.math.neg(logits), logits);
        Operand<TFloat32> l = tf.math.add(tf.math.sub(relu, tf.math.mul(logits, z)), tf.math.log1p(tf.math.exp(negAbs)));
        return tf.math.realDiv(tf.sum(l, tf.constant(new int[] {0, 1})), tf.dtypes.cast(tf.size(l), TFloat32.class));
    }

    /** Gradients of loss for vars (TensorFlow's registry), then ResourceApplyAdam on each after all gradients. */
    private void adam(Operand<TFloat32> loss, List<Var> vars, List<Op> apply) {
        Output<?>[] xs = new Output<?>[vars.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = vars.get(i).read.asOutput();
        }
        Output<?>[] grads = graph.addGradients(loss.asOutput(), xs);
        List<Op> done = new ArrayList<>();
        List<Operand<TFloat32>> g = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            @SuppressWarnings("unchecked")
            Operand<TFloat32> gi = tf.identity((Operand<TFloat32>) grads[i]);
            vars.get(i).grad = gi.asOutput();
            done.add((Op) gi);
            g.add(gi);
        }
        Ops after = tf.withControlDependencies(done);
        for (int i = 0; i < xs.length; i++) {
            Var v = vars.get(i);
            apply.add(after.train.resourceApplyAdam(v.h, v.m, v.v, b1pow, b2pow, after.constant(LR), after.constant(B1),
                    after.constant(B2), after.constant(EPS), g.get(i)));
        }
    }

    // ---------------------------------------------------------------- tensors in and out

    static TFloat32 tensor(float[] data, long... shape) {
        return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false));
    }

    static float[] floats(Tensor t) {
        TFloat32 f = (TFloat32) t;
        float[] a = new float[(int) f.size()];
        f.copyTo(DataBuffers.of(a, false, false));
        return a;
    }

    float[] value(Var v) {
        return fetch1(v.read);
    }

    float[] fetch1(Operand<TFloat32> o) {
        try (Result r = session.runner().fetch(o).run()) {
            return floats(r.get(0));
        }
    }

    void assign(Var v, Op op, float[] data) {
        try (TFloat32 t = tensor(data, v.shape)) {
            session.runner().feed(v.in, t).addTarget(op).run().close();
        }
    }

    /** Glorot-uniform kernels (Keras' fans), zero biases, zero Adam slots. */
    void init(SplittableRandom rng) {
        for (Var v : all()) {
            float[] a = new float[v.size];
            if (v.isKernel()) {
                double lim = v.glorotLimit();
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) ((rng.nextDouble() * 2 - 1) * lim);
                }
            }
            assign(v, v.setVal, a);
            assign(v, v.setM, new float[v.size]);
            assign(v, v.setV, new float[v.size]);
        }
        gStepCount = 0;
        dStepCount = 0;
    }

    /** Everything a step changes: values, both Adam slots per variable, both step counts. */
    record Snapshot(Map<String, float[][]> vars, long g, long d) {
    }

    Snapshot snapshot() {
        Map<String, float[][]> s = new LinkedHashMap<>();
        for (Var v : all()) {
            s.put(v.name, new float[][] {value(v), fetch1(v.readM), fetch1(v.readV)});
        }
        return new Snapshot(s, gStepCount, dStepCount);
    }

    void restore(Snapshot s) {
        for (Var v : all()) {
            float[][] a = s.vars.get(v.name);
            assign(v, v.setVal, a[0]);
            assign(v, v.setM, a[1]);
            assign(v, v.setV, a[2]);
        }
        gStepCount = s.g;
        dStepCount = s.d;
    }

    // ---------------------------------------------------------------- the steps

    float[] generate(float[] z, int n) {
        try (TFloat32 zt = tensor(z, n, LATENT); Result r = session.runner().feed(zIn, zt).fetch(fake).run()) {
            return floats(r.get(0));
        }
    }

    /** Result of D's step: its loss and logits (training mode, before the step), and optionally its gradients. */
    record StepOut(double loss, float[] logits, Map<String, float[]> grads) {
    }

    StepOut dStep(float[] x, float[] y, float[] m0, float[] m1, boolean wantGrads) {
        dStepCount++;
        try (TFloat32 xt = tensor(x, BATCH, 28, 28, 1); TFloat32 yt = tensor(y, BATCH, 1);
             TFloat32 a = tensor(m0, BATCH, 14, 14, 64); TFloat32 b = tensor(m1, BATCH, 7, 7, 64);
             TFloat32 p1 = TFloat32.scalarOf((float) Math.pow(B1, dStepCount));
             TFloat32 p2 = TFloat32.scalarOf((float) Math.pow(B2, dStepCount))) {
            Session.Runner r = session.runner().feed(xIn, xt).feed(labels, yt).feed(mask0, a).feed(mask1, b)
                    .feed(b1pow, p1).feed(b2pow, p2).fetch(lossD).fetch(logitsD);
            if (wantGrads) {
                dVars.forEach(v -> r.fetch(v.grad));
            }
            applyD.forEach(r::addTarget);
            try (Result res = r.run()) {
                return new StepOut(floats(res.get(0))[0], floats(res.get(1)), grads(res, dVars, wantGrads));
            }
        }
    }

    StepOut gStep(float[] z, float[] m2, float[] m3, boolean wantGrads) {
        gStepCount++;
        float[] ones = new float[BATCH];
        Arrays.fill(ones, 1f);
        try (TFloat32 zt = tensor(z, BATCH, LATENT); TFloat32 yt = tensor(ones, BATCH, 1);
             TFloat32 a = tensor(m2, BATCH, 14, 14, 64); TFloat32 b = tensor(m3, BATCH, 7, 7, 64);
             TFloat32 p1 = TFloat32.scalarOf((float) Math.pow(B1, gStepCount));
             TFloat32 p2 = TFloat32.scalarOf((float) Math.pow(B2, gStepCount))) {
            Session.Runner r = session.runner().feed(zIn, zt).feed(labels, yt).feed(mask0, a).feed(mask1, b)
                    .feed(b1pow, p1).feed(b2pow, p2).fetch(lossG);
            if (wantGrads) {
                gVars.forEach(v -> r.fetch(v.grad));
            }
            applyG.forEach(r::addTarget);
            try (Result res = r.run()) {
                return new StepOut(floats(res.get(0))[0], null, grads(res, gVars, wantGrads));
            }
        }
    }

    private static Map<String, float[]> grads(Result res, List<Var> vars, boolean want) {
        Map<String, float[]> g = new LinkedHashMap<>();
        if (want) {
            int first = res.size() - vars.size();
            for (int i = 0; i < vars.size(); i++) {
                g.put(vars.get(i).name, floats(res.get(first + i)));
            }
        }
        return g;
    }

    float[] probe(float[] x) {
        try (TFloat32 xt = tensor(x, BATCH, 28, 28, 1); Result r = session.runner().feed(xIn, xt).fetch(probe).run()) {
            return floats(r.get(0));
        }
    }

    // ---------------------------------------------------------------- free run

    static float[] readMnist(Path dir) throws IOException {
        byte[] b = Files.readAllBytes(dir.resolve("train-images-idx3-ubyte"));
        int n = ((b[4] & 0xff) << 24) | ((b[5] & 0xff) << 16) | ((b[6] & 0xff) << 8) | (b[7] & 0xff);
        float[] x = new float[n * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (b[16 + i] & 0xff) / 255f;
        }
        return x;
    }

    static float[] gaussian(SplittableRandom rng, int n) {
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) rng.nextGaussian();
        }
        return z;
    }

    /** Keras/TF dropout mask: keep where uniform >= rate (probability 0.6); 1 kept, 0 dropped. */
    static float[] mask(SplittableRandom rng, int n) {
        float[] m = new float[n];
        for (int i = 0; i < n; i++) {
            m[i] = rng.nextDouble() >= RATE ? 1f : 0f;
        }
        return m;
    }

    static final int M0 = BATCH * 14 * 14 * 64;
    static final int M1 = BATCH * 7 * 7 * 64;

    /** 128 real (with replacement) and 128 generated from fresh z, labels 1 then 0 (keras_dcgan.py d_batch). */
    float[] dBatch(SplittableRandom rng, float[] mnist) {
        int n = mnist.length / 784;
        float[] x = new float[BATCH * 784];
        for (int i = 0; i < HALF; i++) {
            System.arraycopy(mnist, rng.nextInt(n) * 784, x, i * 784, 784);
        }
        float[] f = generate(gaussian(rng, HALF * LATENT), HALF);
        System.arraycopy(f, 0, x, HALF * 784, HALF * 784);
        return x;
    }

    static float[] dLabels() {
        float[] y = new float[BATCH];
        Arrays.fill(y, 0, HALF, 1f);
        return y;
    }

    /** Whether any element differs, and the largest absolute difference, over a list of variables. */
    static String diff(Snapshot before, Snapshot after, List<Var> vars, int[] changed) {
        double max = 0;
        int n = 0;
        for (Var v : vars) {
            float[] a = before.vars.get(v.name)[0];
            float[] b = after.vars.get(v.name)[0];
            boolean any = false;
            for (int i = 0; i < a.length; i++) {
                double d = Math.abs((double) a[i] - b[i]);
                max = Math.max(max, d);
                any |= a[i] != b[i];
            }
            n += any ? 1 : 0;
        }
        changed[0] = n;
        return String.format(Locale.ROOT, "%d of %d tensors changed, max |change| %.3g", n, vars.size(), max);
    }

    /**
     * keras_dcgan.py's start-up check: a D step changes D; a GAN step leaves D exactly unchanged and changes G;
     * a second D step changes D again. Throws if not.
     */
    void trainabilityCheck(SplittableRandom rng, float[] mnist) {
        Snapshot s0 = snapshot();
        dStep(dBatch(rng, mnist), dLabels(), mask(rng, M0), mask(rng, M1), false);
        Snapshot s1 = snapshot();
        gStep(gaussian(rng, BATCH * LATENT), mask(rng, M0), mask(rng, M1), false);
        Snapshot s2 = snapshot();
        dStep(dBatch(rng, mnist), dLabels(), mask(rng, M0), mask(rng, M1), false);
        Snapshot s3 = snapshot();
        int[] c = new int[1];
        String d1 = diff(s0, s1, dVars, c);
        int dChanged1 = c[0];
        String g1 = diff(s0, s1, gVars, c);
        int gChanged1 = c[0];
        String d2 = diff(s1, s2, dVars, c);
        int dChanged2 = c[0];
        String g2 = diff(s1, s2, gVars, c);
        int gChanged2 = c[0];
        String d3 = diff(s2, s3, dVars, c);
        int dChanged3 = c[0];
        System.out.println("trainability check: D's step: D " + d1 + "; G " + g1);
        System.out.println("trainability check: GAN step: D " + d2 + "; G " + g2);
        System.out.println("trainability check: second D step: D " + d3);
        if (dChanged1 == 0 || gChanged1 != 0 || dChanged2 != 0 || gChanged2 == 0 || dChanged3 == 0) {
            throw new IllegalStateException("trainability check failed");
        }
        System.out.println("trainability check: D's step changes D, the GAN step does not (and changes G)");
    }

    /**
     * TensorFlow's ResourceApplyAdam against both forms of Adam in double, on tiny gradients where they part:
     * epsilon on the uncorrected root (Keras, lr sqrt(1-b2^t)/(1-b1^t) m/(sqrt(v)+eps)) and on the corrected
     * one (Kingma and Ba). Prints the relative deviation from each.
     */
    static void adamFormCheck() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops o = Ops.create(g);
            float[] w0 = {0f, 0f, 0f, 1e-3f}; // zeros: steps of order 1e-9 are not lost to the rounding of the weight
            float[] grad = {1e-8f, -3e-9f, 2e-6f, 0.1f};
            Operand<?> w = o.varHandleOp(TFloat32.class, Shape.of(4), VarHandleOp.sharedName("w"));
            Operand<?> m = o.varHandleOp(TFloat32.class, Shape.of(4), VarHandleOp.sharedName("m"));
            Operand<?> v = o.varHandleOp(TFloat32.class, Shape.of(4), VarHandleOp.sharedName("v"));
            Placeholder<TFloat32> p1 = o.placeholder(TFloat32.class);
            Placeholder<TFloat32> p2 = o.placeholder(TFloat32.class);
            Op init = o.withControlDependencies(List.of(o.assignVariableOp(w, o.constant(w0)),
                    o.assignVariableOp(m, o.zeros(o.constant(new int[] {4}), TFloat32.class)))).assignVariableOp(v,
                    o.zeros(o.constant(new int[] {4}), TFloat32.class));
            Op step = o.train.resourceApplyAdam(w, m, v, p1, p2, o.constant(LR), o.constant(B1), o.constant(B2),
                    o.constant(EPS), o.constant(grad));
            Operand<TFloat32> read = o.readVariableOp(w, TFloat32.class);
            s.runner().addTarget(init).run().close();
            double[] hat = new double[4];
            double[] cor = new double[4];
            double[] mm = new double[4];
            double[] vv = new double[4];
            for (int i = 0; i < 4; i++) {
                hat[i] = cor[i] = w0[i];
            }
            double devHat = 0;
            double devCor = 0;
            for (int t = 1; t <= 3; t++) {
                try (TFloat32 a = TFloat32.scalarOf((float) Math.pow(B1, t)); TFloat32 b = TFloat32.scalarOf((float) Math.pow(B2, t))) {
                    s.runner().feed(p1, a).feed(p2, b).addTarget(step).run().close();
                }
                float[] got;
                try (Result r = s.runner().fetch(read).run()) {
                    got = floats(r.get(0));
                }
                for (int i = 0; i < 4; i++) {
                    mm[i] = B1 * mm[i] + (1 - B1) * grad[i];
                    vv[i] = B2 * vv[i] + (1 - B2) * (double) grad[i] * grad[i];
                    double c1 = 1 - Math.pow(B1, t);
                    double c2 = 1 - Math.pow(B2, t);
                    hat[i] -= LR * Math.sqrt(c2) / c1 * mm[i] / (Math.sqrt(vv[i]) + EPS);
                    cor[i] -= LR * (mm[i] / c1) / (Math.sqrt(vv[i] / c2) + EPS);
                    double moved = Math.abs(got[i] - w0[i]);
                    devHat = Math.max(devHat, Math.abs(got[i] - hat[i]) / Math.max(moved, 1e-30));
                    devCor = Math.max(devCor, Math.abs(got[i] - cor[i]) / Math.max(moved, 1e-30));
                }
            }
            System.out.printf(Locale.ROOT, "ApplyAdam form check (3 steps, tiny gradients): deviation relative to the step "
                    + "from epsilon on the uncorrected root (Keras) %.2e, from epsilon on the corrected root %.2e%n",
                    devHat, devCor);
            if (!(devHat < 1e-2 && devCor > 1e-1)) {
                throw new IllegalStateException("ResourceApplyAdam is not Keras' epsilon-hat Adam");
            }
        }
    }

    void grid(Path path, float[] z) throws IOException {
        float[] x = generate(z, 100);
        BufferedImage img = new BufferedImage(280, 280, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        for (int k = 0; k < 100; k++) {
            int gy = k / 10;
            int gx = k % 10;
            for (int i = 0; i < 28; i++) {
                for (int j = 0; j < 28; j++) {
                    float v = Math.min(Math.max(x[k * 784 + i * 28 + j], 0f), 1f);
                    r.setSample(gx * 28 + j, gy * 28 + i, 0, (int) (v * 255f));
                }
            }
        }
        ImageIO.write(img, "png", path.toFile());
    }

    void freeRun(Options o) throws IOException {
        float[] mnist = readMnist(o.data);
        SplittableRandom rng = new SplittableRandom(o.seed);
        init(rng);
        Snapshot start = o.warmup ? null : snapshot();
        trainabilityCheck(rng, mnist);
        if (start != null) {
            restore(start);
            System.out.println("warm-up undone (--warmup none): update 1 starts from the initial weights");
        } else {
            System.out.println("warm-up kept (--warmup keras, as keras_dcgan.py): D has taken 2 steps and G 1 before update 1");
        }
        Files.createDirectories(o.out);
        float[] fixed = gaussian(new SplittableRandom(12345), 100 * LATENT);
        double[] win = new double[4];
        int nwin = 0;
        long t0 = System.nanoTime();
        long tw = t0;
        for (int u = 1; u <= o.updates; u++) {
            float[] x = dBatch(rng, mnist);
            StepOut d = dStep(x, dLabels(), mask(rng, M0), mask(rng, M1), false);
            StepOut g = gStep(gaussian(rng, BATCH * LATENT), mask(rng, M0), mask(rng, M1), false);
            if (u % 5 == 0) {
                float[] p = probe(x);
                win[0] += d.loss;
                win[1] += g.loss;
                win[2] += mean(p, 0, HALF);
                win[3] += mean(p, HALF, BATCH);
                nwin++;
            }
            if (u % o.every == 0) {
                long now = System.nanoTime();
                System.out.printf(Locale.ROOT, "update %d d_loss %.3f g_loss %.3f D(x) %.3f D(G(z)) %.3f %.2f s/update%n", u,
                        win[0] / nwin, win[1] / nwin, win[2] / nwin, win[3] / nwin, (now - tw) / 1e9 / o.every);
                win = new double[4];
                nwin = 0;
                tw = now;
            }
            if (o.gridEvery > 0 && u % o.gridEvery == 0) {
                grid(o.out.resolve(String.format("grid-%05d.png", u)), fixed);
            }
        }
        grid(o.out.resolve("grid-final.png"), fixed);
        System.out.printf(Locale.ROOT, "mean %.3f s per update over %d updates%n", (System.nanoTime() - t0) / 1e9 / Math.max(o.updates, 1),
                o.updates);
    }

    static double mean(float[] a, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += a[i];
        }
        return s / (to - from);
    }

    static double sigmoidMean(float[] logits, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += 1 / (1 + Math.exp(-logits[i]));
        }
        return s / (to - from);
    }

    // ---------------------------------------------------------------- replay

    static Gls.Arr need(Map<String, Gls.Arr> rec, String name, Path file) {
        Gls.Arr a = rec.get(name);
        if (a == null) {
            throw new IllegalArgumentException(file + " has no array " + name + " (has " + rec.keySet() + ")");
        }
        return a;
    }

    /** Loads a gradiente state file: weights mapped to TF layouts, Adam slots (if any) and step counts. */
    void load(Map<String, Gls.Arr> st, Path file) {
        boolean slots = st.containsKey("opt_g." + gVars.get(0).gname.substring(2) + "/s");
        for (Var v : all()) {
            Gls.Arr a = need(st, v.gname, file);
            if (a.size() != v.size) {
                throw new IllegalArgumentException(v.gname + ": " + a + " in " + file + ", TF variable of " + v.size);
            }
            assign(v, v.setVal, Gls.toTf(a.data(), v.perm));
            String opt = (v.gname.startsWith("g.") ? "opt_g." : "opt_d.") + v.gname.substring(2);
            assign(v, v.setM, slots ? Gls.toTf(need(st, opt + "/s", file).data(), v.perm) : new float[v.size]);
            assign(v, v.setV, slots ? Gls.toTf(need(st, opt + "/r", file).data(), v.perm) : new float[v.size]);
        }
        if (slots) {
            gStepCount = (long) need(st, "opt_g." + gVars.get(0).gname.substring(2) + "/step", file).f64();
            dStepCount = (long) need(st, "opt_d." + dVars.get(0).gname.substring(2) + "/step", file).f64();
        } else {
            gStepCount = 0;
            dStepCount = 0;
        }
    }

    /** Largest and per-tensor relative L2 distance of TF's variables (mapped to gradiente's layout) from ref. */
    String distance(List<Var> vars, Map<String, Gls.Arr> ref, String prefix, Map<String, float[]> tfValues, double[] worst) {
        StringBuilder sb = new StringBuilder();
        for (Var v : vars) {
            Gls.Arr a = ref.get(prefix + v.gname.substring(2));
            if (a == null) {
                continue;
            }
            float[] t = tfValues != null ? tfValues.get(v.name) : value(v);
            double r = Gls.rel(Gls.toGradiente(t, v.perm), a.data());
            worst[0] = Math.max(worst[0], r);
            sb.append(String.format(Locale.ROOT, " %s %.2e", v.gname.substring(2), r));
        }
        return sb.toString();
    }

    void replay(Options o) throws IOException {
        Path dir = o.replay;
        int from = o.replayFrom;
        Path s0 = dir.resolve(String.format("state-%06d.bin", from));
        load(Gls.read(s0), s0);
        System.out.printf("replay %s from %s (G's Adam at step %d, D's at %d)%n", dir, s0.getFileName(), gStepCount, dStepCount);
        // The trainability check on the first record's inputs, then undone.
        Path r1 = dir.resolve(String.format("rec-%06d.bin", from + 1));
        if (Files.exists(r1)) {
            Snapshot start = snapshot();
            Map<String, Gls.Arr> rec = Gls.read(r1);
            Inputs in = inputs(rec, r1);
            int[] c = new int[1];
            dStep(in.x, dLabels(), in.m0, in.m1, false);
            Snapshot a = snapshot();
            gStep(in.zg, in.m2, in.m3, false);
            Snapshot b = snapshot();
            String dd = diff(start, a, dVars, c);
            int d1 = c[0];
            String gd = diff(a, b, dVars, c);
            int d2 = c[0];
            String gg = diff(a, b, gVars, c);
            int g2 = c[0];
            System.out.println("trainability check: D's step: D " + dd + "; GAN step: D " + gd + ", G " + gg);
            if (d1 == 0 || d2 != 0 || g2 == 0) {
                throw new IllegalStateException("trainability check failed");
            }
            restore(start);
            System.out.println("trainability check: D's step changes D, the GAN step does not (and changes G); undone");
        }
        Files.createDirectories(o.out);
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(o.out.resolve("replay.csv")))) {
            csv.println("update,j_loss_d,t_loss_d,j_loss_g,t_loss_g,j_d_real,t_d_real,j_d_fake,t_d_fake,rel_g,rel_d,"
                    + "rel_grad_d,rel_d_after,rel_grad_g,seconds");
            int last = o.updates > 0 ? from + o.updates : Integer.MAX_VALUE;
            for (int u = from + 1; u <= last; u++) {
                Path rp = dir.resolve(String.format("rec-%06d.bin", u));
                if (!Files.exists(rp)) {
                    System.out.println("no " + rp.getFileName() + ": replay ends after update " + (u - 1));
                    break;
                }
                long t0 = System.nanoTime();
                Map<String, Gls.Arr> rec = Gls.read(rp);
                Inputs in = inputs(rec, rp);
                boolean ck = rec.containsKey("grad_" + dVars.get(0).gname);
                StepOut d = dStep(in.x, dLabels(), in.m0, in.m1, ck);
                double[] wGradD = {Double.NaN};
                double[] wAfter = {Double.NaN};
                double[] wGradG = {Double.NaN};
                String ckLine = "";
                if (ck) {
                    wGradD[0] = wAfter[0] = 0;
                    String gdl = distance(dVars, rec, "grad_d.", d.grads, wGradD);
                    String dal = distance(dVars, rec, "d_after.", null, wAfter);
                    ckLine = "\n  grad_d rel" + gdl + "\n  d_after rel" + dal;
                }
                StepOut g = gStep(in.zg, in.m2, in.m3, ck);
                if (ck) {
                    wGradG[0] = 0;
                    ckLine += "\n  grad_g rel" + distance(gVars, rec, "grad_g.", g.grads, wGradG);
                }
                double sec = (System.nanoTime() - t0) / 1e9;
                double jld = need(rec, "m.loss_d", rp).f64();
                double jlg = need(rec, "m.loss_g", rp).f64();
                double jdr = need(rec, "m.d_real", rp).f64();
                double jdf = need(rec, "m.d_fake", rp).f64();
                double tdr = sigmoidMean(d.logits, 0, HALF);
                double tdf = sigmoidMean(d.logits, HALF, BATCH);
                System.out.printf(Locale.ROOT, "update %d gradiente loss_d %.6f loss_g %.6f D(x) %.6f D(G(z)) %.6f | tf loss_d %.6f "
                        + "loss_g %.6f D(x) %.6f D(G(z)) %.6f | diff %.1e %.1e %.1e %.1e  %.2f s%n", u, jld, jlg, jdr, jdf, d.loss,
                        g.loss, tdr, tdf, d.loss - jld, g.loss - jlg, tdr - jdr, tdf - jdf, sec);
                if (ck) {
                    System.out.printf(Locale.ROOT, "checkpoint %d: largest relative L2, TF against gradiente: D's gradient %.2e, "
                            + "D after its step %.2e, G's gradient %.2e%s%n", u, wGradD[0], wAfter[0], wGradG[0], ckLine);
                }
                double[] wg = {Double.NaN};
                double[] wd = {Double.NaN};
                Path sp = dir.resolve(String.format("state-%06d.bin", u));
                if (Files.exists(sp)) {
                    Map<String, Gls.Arr> st = Gls.read(sp);
                    wg[0] = wd[0] = 0;
                    String gl = distance(gVars, st, "g.", null, wg);
                    String dl = distance(dVars, st, "d.", null, wd);
                    System.out.printf(Locale.ROOT, "state %d: relative L2 of TF's weights from gradiente's: largest G %.2e D %.2e%n"
                            + "  G%s%n  D%s%n", u, wg[0], wd[0], gl, dl);
                }
                csv.printf(Locale.ROOT, "%d,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.4g,%.4g,%.4g,%.4g,%.4g,%.3f%n", u, jld, d.loss, jlg,
                        g.loss, jdr, tdr, jdf, tdf, wg[0], wd[0], wGradD[0], wAfter[0], wGradG[0], sec);
                csv.flush();
            }
        }
    }

    record Inputs(float[] x, float[] zg, float[] m0, float[] m1, float[] m2, float[] m3) {
    }

    /** One record's inputs in TF's layouts: D's batch (real then G(z_d)), z_g, the four masks as NHWC 0/1. */
    Inputs inputs(Map<String, Gls.Arr> rec, Path file) {
        float[] real = need(rec, "real", file).data(); // [128, 1, 28, 28] = [128, 28, 28, 1]
        float[] zd = need(rec, "z_d", file).data();
        float[] zg = need(rec, "z_g", file).data();
        float[] x = new float[BATCH * 784];
        System.arraycopy(real, 0, x, 0, HALF * 784);
        System.arraycopy(generate(zd, HALF), 0, x, HALF * 784, HALF * 784);
        float[][] m = new float[4][];
        for (int i = 0; i < 4; i++) {
            Gls.Arr a = need(rec, "mask" + i, file);
            int[] s = a.shape();
            m[i] = Gls.nchwToNhwc(a.data(), s[0], s[1], s[2], s[3]);
        }
        return new Inputs(x, zg, m[0], m[1], m[2], m[3]);
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.printf("TensorFlow %s (TensorFlow Java), intra-op threads %d, inter-op 1, %s%n", TensorFlow.version(),
                o.threads, o.replay != null ? "replay " + o.replay : "seed " + o.seed);
        adamFormCheck();
        TfDcgan net = new TfDcgan(o.threads);
        if (o.replay != null) {
            net.replay(o);
        } else {
            net.freeRun(o);
        }
    }
}
