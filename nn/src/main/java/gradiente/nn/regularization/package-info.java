/** Regularisation terms of thesis 2.4: the L1 and L2 parameter penalties (dropout and batch norm are layers). */
package gradiente.nn.regularization;
