package gradiente.autograd;

import gradiente.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Where the time of a training step goes: while a {@link Recording} is open, every {@link Function}
 * applied on the recording thread (forward rules, and the ops its backward rule applies) and every
 * backward rule run by the {@link Autograd engine} is timed, and its <em>exclusive</em> wall time
 * (minus the ops nested in it) is summed per phase, direction and op name, with the multiply-adds the
 * op reports ({@link Function#multiplyAdds}) and, given an allocation counter, the bytes it allocated.
 * A phase is the innermost open {@link #phase} scope when the
 * op ran ({@code "G"} inside {@code GeneratorNet.forward}, {@code "optimizer"} inside
 * {@code Optimizer.step}, ...); a backward rule runs in the phase its node was recorded in, so the
 * gradient through the generator is {@code G backward} wherever the backward pass was started. Named
 * scopes also keep their inclusive wall time, which covers work done outside Functions (an optimiser's
 * tensor arithmetic).
 *
 * <p>Off by default, and then free: the hooks in {@link Function#apply} and the engine test one static
 * boolean, and {@link #phase} returns a shared no-op scope. Timing changes no result: the same ops run
 * on the same tensors in the same order (a test checks bit-equality with and without a recording).
 * Only one recording at a time, and only its own thread is recorded (the kernels' worker threads run
 * inside the timed calls).
 */
public final class Profiler {
    /** The name of the phase outside every scope. */
    public static final String OUTSIDE = "other";

    /** Read on the hot path; written only by {@link #start} and {@link Recording#close}. */
    static boolean active;
    private static Thread owner;
    private static Recording current;

    private Profiler() {
    }

    /** A phase scope; {@link #close} ends it. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static final Scope NONE = () -> { };

    /** True while a recording is open. */
    public static boolean active() {
        return active;
    }

    /** Opens a recording on the calling thread; fails if one is already open. */
    public static Recording start() {
        return start(null);
    }

    /**
     * Opens a recording that also attributes allocated bytes to ops and phases.
     *
     * @param allocatedBytes the calling thread's allocation counter (e.g.
     *                       {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}), or null
     */
    public static synchronized Recording start(LongSupplier allocatedBytes) {
        if (active) {
            throw new IllegalStateException("Profiler.start: a recording is already open (on thread " + owner.getName() + ")");
        }
        current = new Recording(allocatedBytes);
        owner = Thread.currentThread();
        active = true;
        return current;
    }

    /**
     * Enters the named phase until the scope is closed (a no-op scope when no recording is open or
     * on another thread). Use with try-with-resources.
     */
    public static Scope phase(String name) {
        if (!active || Thread.currentThread() != owner) {
            return NONE;
        }
        Recording r = current;
        r.phases.push(r.frame(name, false));
        return () -> r.closePhase(name);
    }

    /** The innermost phase's name on the recording thread (or {@link #OUTSIDE}). */
    static String currentPhase() {
        Frame f = recording() == null ? null : current.phases.peek();
        return f == null ? OUTSIDE : f.name;
    }

    private static Recording recording() {
        return active && Thread.currentThread() == owner ? current : null;
    }

    /** Runs a node's forward rule timed (called by {@link Function#apply} while active). */
    static Tensor forward(Function f, Tensor[] in) {
        Recording r = recording();
        if (r == null) {
            return f.forward(in);
        }
        f.profilePhase = currentPhase();
        r.enter();
        Tensor out = f.forward(in);
        Frame top = r.phases.peek();
        r.exit(top == null ? OUTSIDE : top.name, top != null && top.backward, f.name(), f.multiplyAdds(in, out));
        return out;
    }

    /** Runs a node's backward rule timed, in the phase the node was recorded in (called by the engine while active). */
    static Variable[] backward(Function f, Variable gradOutput) {
        Recording r = recording();
        if (r == null) {
            return f.runBackward(gradOutput);
        }
        String phase = f.profilePhase == null ? OUTSIDE : f.profilePhase;
        r.phases.push(r.frame(phase, true));
        r.enter();
        try {
            Variable[] g = f.runBackward(gradOutput);
            r.exit(phase, true, f.name(), 0);
            return g;
        } finally {
            r.phases.pop();
        }
    }

    /** A phase or op on the recording thread's stacks. */
    private static final class Frame {
        final String name;
        final boolean backward;
        final long start;
        final long startBytes;
        long children;
        long childBytes;

        Frame(String name, boolean backward, long start, long startBytes) {
            this.name = name;
            this.backward = backward;
            this.start = start;
            this.startBytes = startBytes;
        }
    }

    /**
     * Time spent by one op name in one phase and direction.
     *
     * @param phase    the phase the op ran in
     * @param backward true for backward rules and the ops they apply
     * @param op       the Function's name ({@code conv2d}, {@code matmul}, ...)
     * @param nanos    exclusive wall time, summed
     * @param calls    how many times it ran
     * @param macs     multiply-adds it reported, summed
     * @param bytes    bytes it allocated on the recording thread (exclusive), summed; 0 without a counter
     */
    public record Entry(String phase, boolean backward, String op, long nanos, long calls, long macs, long bytes) {
    }

    /** What one recording measured; closing it stops the profiler. */
    public static final class Recording implements AutoCloseable {
        private final Map<String, long[]> byKey = new LinkedHashMap<>();
        private final Map<String, Entry> keys = new LinkedHashMap<>();
        private final Map<String, Long> phaseNanos = new LinkedHashMap<>();
        private final Map<String, Long> phaseBytes = new LinkedHashMap<>();
        private final LongSupplier allocated;
        private final Deque<Frame> phases = new ArrayDeque<>();
        private final Deque<Frame> ops = new ArrayDeque<>();
        private boolean open = true;

        private Recording(LongSupplier allocated) {
            this.allocated = allocated;
        }

        private long bytes() {
            return allocated == null ? 0 : allocated.getAsLong();
        }

        private Frame frame(String name, boolean backward) {
            return new Frame(name, backward, System.nanoTime(), bytes());
        }

        private void enter() {
            ops.push(frame(null, false));
        }

        private void exit(String phase, boolean backward, String op, long macs) {
            Frame f = ops.pop();
            long total = System.nanoTime() - f.start;
            long bytes = bytes() - f.startBytes;
            if (!ops.isEmpty()) {
                ops.peek().children += total;
                ops.peek().childBytes += bytes;
            }
            String key = phase + (backward ? " backward " : " forward ") + op;
            long[] acc = byKey.get(key);
            if (acc == null) {
                acc = new long[4];
                byKey.put(key, acc);
                keys.put(key, new Entry(phase, backward, op, 0, 0, 0, 0));
            }
            acc[0] += total - f.children;
            acc[1]++;
            acc[2] += macs;
            acc[3] += bytes - f.childBytes;
        }

        private void closePhase(String name) {
            Frame f = phases.peek();
            if (f == null || f.backward || !f.name.equals(name)) {
                throw new IllegalStateException("Profiler: phase '" + name + "' closed out of order (innermost is "
                        + (f == null ? "none" : "'" + f.name + "'") + ")");
            }
            phases.pop();
            phaseNanos.merge(name, System.nanoTime() - f.start, Long::sum);
            phaseBytes.merge(name, bytes() - f.startBytes, Long::sum);
        }

        /** Every (phase, direction, op) measured, in first-seen order. */
        public List<Entry> entries() {
            List<Entry> out = new ArrayList<>();
            for (Map.Entry<String, Entry> e : keys.entrySet()) {
                long[] a = byKey.get(e.getKey());
                Entry k = e.getValue();
                out.add(new Entry(k.phase(), k.backward(), k.op(), a[0], a[1], a[2], a[3]));
            }
            return Collections.unmodifiableList(out);
        }

        /** Inclusive wall time of every named {@link #phase} scope, summed per name. */
        public Map<String, Long> phaseNanos() {
            return Collections.unmodifiableMap(phaseNanos);
        }

        /** Bytes allocated on the recording thread inside every named {@link #phase} scope, summed per name (0 without a counter). */
        public Map<String, Long> phaseBytes() {
            return Collections.unmodifiableMap(phaseBytes);
        }

        /** Total multiply-adds reported by the ops. */
        public long multiplyAdds() {
            long s = 0;
            for (long[] a : byKey.values()) {
                s += a[2];
            }
            return s;
        }

        /** Clears what was measured so far (e.g. after warm-up) and keeps recording. */
        public void reset() {
            byKey.clear();
            keys.clear();
            phaseNanos.clear();
            phaseBytes.clear();
        }

        /** Stops the profiler; the measurements stay readable. */
        @Override
        public void close() {
            synchronized (Profiler.class) {
                if (open && current == this) {
                    active = false;
                    current = null;
                    owner = null;
                }
                open = false;
            }
        }
    }
}
