/**
 * Benchmarks: the {@code ./gradiente bench} command with its {@link gradiente.bench.BenchSubcommand}s
 * (quick median timings printed as {@code name n=.. gflops=..} lines) and the JMH suites in
 * {@code gradiente.bench.jmh}. The PyTorch peers live in {@code bench/scripts}.
 */
package gradiente.bench;
