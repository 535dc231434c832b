package gradiente.tensor;

/**
 * Element-wise maps {@code y = f(x; p, q)} computed by {@link Backend#unary}. Two optional scalar
 * parameters {@code p} and {@code q} serve the parametrised maps; the others ignore them.
 * {@link #apply} is the scalar definition every backend must agree with.
 */
public enum UnaryOp {
    /** x (a plain copy, also used for dtype conversion). */
    IDENTITY,
    NEG,
    ABS,
    /** sign(x) in {-1, 0, 1}. */
    SIGN,
    EXP,
    /** Natural logarithm. */
    LOG,
    SQRT,
    SQUARE,
    RECIPROCAL,
    /** 1 / (1 + exp(-x)), computed without overflow for large |x|. */
    SIGMOID,
    TANH,
    /** max(x, 0). */
    RELU,
    /** x if x &gt; 0 else p*x. */
    LEAKY_RELU,
    /** p*x + q. */
    AFFINE,
    /** x^p. */
    POW,
    /** min(max(x, p), q). */
    CLAMP,
    /** 1 if x &gt; p else 0 (a step; the derivative mask of ReLU with p = 0). */
    GT_SCALAR,
    /** log(1 + exp(x)), stable. */
    SOFTPLUS,
    /** 1 if x is NaN else 0. */
    IS_NAN;

    /**
     * The scalar definition of the map. Transcendental functions go through {@link StrictMath}
     * (fdlibm): {@code Math.exp} and friends may return different last bits in the interpreter and in
     * JIT-compiled code, which broke bit-exact resumption (a resumed run executes epoch 3 in a cold
     * JVM, the straight run in a warm one).
     */
    public double apply(double x, double p, double q) {
        switch (this) {
            case IDENTITY: return x;
            case NEG: return -x;
            case ABS: return Math.abs(x);
            case SIGN: return Math.signum(x);
            case EXP: return StrictMath.exp(x);
            case LOG: return StrictMath.log(x);
            case SQRT: return Math.sqrt(x);
            case SQUARE: return x * x;
            case RECIPROCAL: return 1.0 / x;
            case SIGMOID: return sigmoid(x);
            case TANH: return StrictMath.tanh(x);
            case RELU: return x > 0 ? x : 0.0;
            case LEAKY_RELU: return x > 0 ? x : p * x;
            case AFFINE: return p * x + q;
            case POW: return pow(x, p);
            case CLAMP: return Math.min(Math.max(x, p), q);
            case GT_SCALAR: return x > p ? 1.0 : 0.0;
            case SOFTPLUS: return x > 0 ? x + StrictMath.log1p(StrictMath.exp(-x)) : StrictMath.log1p(StrictMath.exp(x));
            case IS_NAN: return Double.isNaN(x) ? 1.0 : 0.0;
            default: throw new AssertionError(this);
        }
    }

    /** Stable logistic function. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + StrictMath.exp(-x));
        }
        double e = StrictMath.exp(x);
        return e / (1.0 + e);
    }

    /** Power with the common exponents computed exactly. */
    public static double pow(double x, double p) {
        if (p == 2.0) {
            return x * x;
        }
        if (p == 1.0) {
            return x;
        }
        if (p == 0.5) {
            return Math.sqrt(x);
        }
        if (p == -1.0) {
            return 1.0 / x;
        }
        return StrictMath.pow(x, p);
    }
}
