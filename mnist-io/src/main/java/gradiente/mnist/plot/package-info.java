/**
 * Training feedback written to files: {@link gradiente.mnist.plot.LinePlot} (loss and accuracy curves as
 * PNG, drawn with Java2D), {@link gradiente.mnist.plot.MetricsLog} (per-step metrics to CSV and plots),
 * {@link gradiente.mnist.plot.ConfusionMatrix} (text table and PNG heat map) and
 * {@link gradiente.mnist.plot.CsvWriter}.
 */
package gradiente.mnist.plot;
