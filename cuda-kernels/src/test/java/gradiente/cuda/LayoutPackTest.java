package gradiente.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradiente.tensor.BinaryOp;
import gradiente.tensor.Layout;
import gradiente.tensor.PoolMode;
import gradiente.tensor.ReduceOp;
import gradiente.tensor.UnaryOp;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/** The host side of the kernel ABI: packed layouts, the position formula and the op codes. */
class LayoutPackTest {
    /** gr_pos of common.cuh, on a packed layout. */
    static long pos(int[] p, long flat) {
        long q = p[1];
        for (int d = p[0] - 1; d >= 0; d--) {
            int n = p[2 + d];
            q += (flat % n) * p[2 + LayoutPack.MAX_RANK + d];
            flat /= n;
        }
        return q;
    }

    @Test
    void packedLayoutsAddressTheSameElementsAsTheLayout() {
        Layout base = Layout.contiguous(2, 3, 4, 5);
        Layout[] views = {base, base.permute(3, 1, 0, 2), base.flip(1, 3), base.slice(2, 1, 4, 2),
                base.select(1, 2).unsqueeze(0).expand(7, 2, 4, 5)};
        for (Layout v : views) {
            int[] p = LayoutPack.packTogether("test", v)[0];
            for (int f = 0; f < v.numel(); f++) {
                assertThat(pos(p, f)).as(v + " flat " + f).isEqualTo(v.positionOfFlat(f));
            }
        }
    }

    @Test
    void contiguousOperandsCoalesceToOneDimension() {
        int[][] p = LayoutPack.packTogether("add", Layout.contiguous(4, 5, 6), Layout.contiguous(4, 5, 6));
        assertThat(p[0][0]).isEqualTo(1);
        assertThat(p[0][2]).isEqualTo(120);
    }

    @Test
    void rankAboveEightNamesTheOp() {
        int[] shape = new int[9];
        Arrays.fill(shape, 2);
        Layout l = Layout.contiguous(shape).flip(0, 2, 4, 6, 8);
        assertThatThrownBy(() -> LayoutPack.packTogether("mul", l)).hasMessageContaining("mul: cuda kernels support rank <= 8");
    }

    private static <E extends Enum<E>> void codesAreDense(E[] values, ToIntFunction<E> code) {
        Set<Integer> seen = new HashSet<>();
        for (E v : values) {
            int c = code.applyAsInt(v);
            assertThat(c).isBetween(0, values.length - 1);
            assertThat(seen.add(c)).as("code " + c + " of " + v + " used twice").isTrue();
        }
    }

    @Test
    void opCodesAreDistinctAndDense() {
        codesAreDense(UnaryOp.values(), OpCodes::unary);
        codesAreDense(BinaryOp.values(), OpCodes::binary);
        codesAreDense(ReduceOp.values(), OpCodes::reduce);
        codesAreDense(PoolMode.values(), OpCodes::pool);
    }
}
