package gradiente.nn;

import gradiente.autograd.Variable;
import java.util.List;

/**
 * Layers applied one after another, {@code f = f_n o ... o f_1} (thesis 2.2: a feed-forward network is
 * a chain of functions). Children are named {@code "0"}, {@code "1"}, ... so parameter names read
 * {@code "0.weight"}, as in PyTorch.
 */
public class Sequential extends Layer {
    private int count;

    public Sequential(Layer... layers) {
        for (Layer l : layers) {
            add(l);
        }
    }

    /** Appends a layer under the next index. */
    public final Sequential add(Layer layer) {
        addModule(Integer.toString(count++), layer);
        return this;
    }

    /** The i-th layer. */
    public final Layer get(int i) {
        Module m = namedChildren().get(Integer.toString(i));
        if (m == null) {
            throw new IndexOutOfBoundsException("Sequential: layer " + i + " of " + count);
        }
        return (Layer) m;
    }

    public final int size() {
        return count;
    }

    /** The layers in order. */
    public final List<Layer> layers() {
        return children().stream().map(m -> (Layer) m).toList();
    }

    @Override
    public Variable forward(Variable input) {
        Variable x = input;
        for (Module m : namedChildren().values()) {
            x = ((Layer) m).forward(x);
        }
        return x;
    }
}
