/**
 * Benchmarks: the {@code ./gradiente bench} command with its {@link gradiente.bench.BenchSubcommand}s
 * (quick median timings printed as {@code name n=.. gflops=..} lines) and the JMH suites in
 * {@code gradiente.bench.jmh}. Every command first prints the {@link gradiente.bench.Machine} line;
 * {@link gradiente.bench.DcganFlops} counts the work of a DCGAN update for {@code bench dcgan}. The PyTorch
 * peers live in {@code bench/scripts}.
 */
package gradiente.bench;
