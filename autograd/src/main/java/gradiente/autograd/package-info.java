/**
 * Reverse-mode automatic differentiation (thesis 2.5): {@link gradiente.autograd.Variable} nodes,
 * {@link gradiente.autograd.Function}s with forward and backward side by side, the iterative
 * {@link gradiente.autograd.Autograd engine} (accumulation, broadcast reduction, retain-graph,
 * create-graph for gradients of gradients), {@link gradiente.autograd.GradMode no-grad scopes},
 * {@link gradiente.autograd.GradCheck}, {@link gradiente.autograd.GraphDot DOT export} and the
 * {@link gradiente.autograd.Profiler} (time, multiply-adds and allocation per phase and op, off by default).
 */
package gradiente.autograd;
