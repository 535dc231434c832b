/** Seeded weight initialisers: uniform, normal (DCGAN's N(0, 0.02)), Xavier/Glorot, He/Kaiming, zeros. */
package gradiente.nn.init;
