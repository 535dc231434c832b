package gradiente.examples;

import gradiente.autograd.Variable;
import gradiente.nn.Sequential;
import gradiente.nn.activations.Sigmoid;
import gradiente.nn.activations.Tanh;
import gradiente.nn.layers.Linear;
import gradiente.nn.losses.Losses;
import gradiente.nn.losses.Reduction;
import gradiente.nn.optim.Adam;
import gradiente.tensor.Generator;
import gradiente.tensor.Tensor;

/**
 * XOR, the function a single perceptron cannot learn (thesis 2.1): a 2-8-1 network with a tanh hidden layer
 * and a sigmoid output, trained with Adam on the binary cross-entropy of the four points.
 */
public final class XorNetwork {
    private XorNetwork() {
    }

    /** The network's outputs on (0,0), (0,1), (1,0), (1,1) after {@code steps} full-batch Adam updates. */
    public static double[] train(int steps, long seed) {
        Tensor x = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
        Generator gen = new Generator(seed);
        Sequential net = new Sequential(new Linear(2, 8, gen), new Tanh(), new Linear(8, 1, gen), new Sigmoid());
        Adam adam = new Adam(net.namedParameters(), 0.05);
        for (int step = 0; step < steps; step++) {
            Variable loss = Losses.bce(net.forward(new Variable(x)), new Variable(y), Reduction.MEAN);
            adam.zeroGrad();
            loss.backward();
            adam.step();
        }
        return net.forward(new Variable(x)).data().toDoubleArray();
    }

    public static void main(String[] args) {
        double[] p = train(500, 1);
        System.out.printf("XOR: 0,0 -> %.3f  0,1 -> %.3f  1,0 -> %.3f  1,1 -> %.3f%n", p[0], p[1], p[2], p[3]);
    }
}
