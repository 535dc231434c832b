/**
 * Optimisers (SGD, momentum, Nesterov, Adam of thesis appendix 6.2), parameter groups with coupled or
 * decoupled weight decay, exportable optimiser state, and gradient/weight clipping.
 */
package gradiente.nn.optim;
