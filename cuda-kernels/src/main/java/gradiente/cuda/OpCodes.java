package gradiente.cuda;

import gradiente.tensor.BinaryOp;
import gradiente.tensor.PoolMode;
import gradiente.tensor.ReduceOp;
import gradiente.tensor.UnaryOp;

/**
 * The integer codes the kernels switch on ({@code gr_unary}, {@code gr_binary} in
 * {@code elementwise.cuh}, {@code gr_combine} in {@code reduce.cuh}, the pool kernels). Exhaustive
 * switches make adding an enum constant a compile error here until its kernel case exists.
 */
final class OpCodes {
    private OpCodes() {
    }

    static int unary(UnaryOp op) {
        return switch (op) {
            case IDENTITY -> 0;
            case NEG -> 1;
            case ABS -> 2;
            case SIGN -> 3;
            case EXP -> 4;
            case LOG -> 5;
            case SQRT -> 6;
            case SQUARE -> 7;
            case RECIPROCAL -> 8;
            case SIGMOID -> 9;
            case TANH -> 10;
            case RELU -> 11;
            case LEAKY_RELU -> 12;
            case AFFINE -> 13;
            case POW -> 14;
            case CLAMP -> 15;
            case GT_SCALAR -> 16;
            case SOFTPLUS -> 17;
            case IS_NAN -> 18;
        };
    }

    static int binary(BinaryOp op) {
        return switch (op) {
            case ADD -> 0;
            case SUB -> 1;
            case MUL -> 2;
            case DIV -> 3;
            case POW -> 4;
            case MAX -> 5;
            case MIN -> 6;
            case EQ -> 7;
            case NE -> 8;
            case GT -> 9;
            case GE -> 10;
            case LT -> 11;
            case LE -> 12;
        };
    }

    static int reduce(ReduceOp op) {
        return switch (op) {
            case SUM -> 0;
            case MAX -> 1;
            case MIN -> 2;
        };
    }

    static int pool(PoolMode mode) {
        return switch (mode) {
            case MAX -> 0;
            case AVG_INCLUDE_PAD -> 1;
            case AVG_EXCLUDE_PAD -> 2;
            case MIN -> 3;
        };
    }
}
