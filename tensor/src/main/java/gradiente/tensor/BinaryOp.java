package gradiente.tensor;

/**
 * Element-wise functions of two tensors, computed by {@link Backend#binary} after NumPy broadcasting.
 * Comparisons produce 1 or 0 in the result's floating type. {@link #apply} is the scalar definition.
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV,
    /** a^b. */
    POW,
    /** max(a, b), NaN-propagating. */
    MAX,
    /** min(a, b), NaN-propagating. */
    MIN,
    EQ, NE, GT, GE, LT, LE;

    /** The scalar definition. */
    public double apply(double a, double b) {
        switch (this) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case DIV: return a / b;
            case POW: return UnaryOp.pow(a, b);
            case MAX: return Math.max(a, b);
            case MIN: return Math.min(a, b);
            case EQ: return a == b ? 1 : 0;
            case NE: return a != b ? 1 : 0;
            case GT: return a > b ? 1 : 0;
            case GE: return a >= b ? 1 : 0;
            case LT: return a < b ? 1 : 0;
            case LE: return a <= b ? 1 : 0;
            default: throw new AssertionError(this);
        }
    }

    /** Name used in error messages ({@code add}, {@code mul}, ...). */
    public String opName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
