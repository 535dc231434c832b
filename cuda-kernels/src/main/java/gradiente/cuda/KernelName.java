package gradiente.cuda;

import gradiente.tensor.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The kernel families of {@code src/main/cuda}; each exists once per dtype, e.g. {@code gr_unary_f32}.
 * {@link #all()} lists every symbol the Java side launches; a test checks it against the manifest of
 * the committed fatbin.
 */
enum KernelName {
    FILL, UNARY, BINARY, WHERE, REDUCE_THREAD, REDUCE_BLOCK, ARGREDUCE, GEMM, GATHER, SCATTER_ADD, IM2COL, COL2IM,
    POOL2D, POOL2D_BACKWARD;

    /** The symbol for one dtype. */
    String symbol(DType t) {
        return "gr_" + name().toLowerCase(Locale.ROOT) + "_" + t.shortName();
    }

    /** The converting copy from {@code src} to {@code dst} elements. */
    static String copy(DType src, DType dst) {
        return "gr_copy_" + src.shortName() + "_" + dst.shortName();
    }

    /** Every symbol the backend launches. */
    static List<String> all() {
        List<String> names = new ArrayList<>();
        for (KernelName k : values()) {
            for (DType t : DType.values()) {
                names.add(k.symbol(t));
            }
        }
        for (DType s : DType.values()) {
            for (DType d : DType.values()) {
                names.add(copy(s, d));
            }
        }
        return names;
    }
}
