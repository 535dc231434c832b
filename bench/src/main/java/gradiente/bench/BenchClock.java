package gradiente.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The clock a {@code bench} command times with ({@code --clock}): {@link #WALL} elapsed time, or
 * {@link #CPU} the CPU time summed over the live Java threads (the caller and the kernel pool; not the
 * JVM's GC and JIT threads), a per-core figure that hardly depends on other processes' load.
 */
enum BenchClock {
    WALL, CPU;

    /** Parses {@code wall} or {@code cpu}; fails naming the command. */
    static BenchClock parse(String command, String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "wall" -> WALL;
            case "cpu" -> CPU;
            default -> throw new IllegalArgumentException(command + ": unknown clock '" + s + "' (wall or cpu)");
        };
    }

    /** Nanoseconds of this clock. */
    long now() {
        if (this == WALL) {
            return System.nanoTime();
        }
        // The sum over Java threads; the process-wide counter of the OS bean only ticks in 10 ms steps here.
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : mx.getAllThreadIds()) {
            sum += Math.max(0, mx.getThreadCpuTime(id));
        }
        return sum;
    }
}
