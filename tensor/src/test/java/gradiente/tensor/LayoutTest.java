package gradiente.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Index arithmetic of {@link Layout}: views, broadcasting, coalescing and flat positions. */
class LayoutTest {
    @Test
    void viewStridesFollowContiguousRunsOrRefuse() {
        // [2,3,4] contiguous -> [6,4] and [2,12] are views
        assertThat(Layout.viewStrides(new int[] {2, 3, 4}, new int[] {12, 4, 1}, new int[] {6, 4})).containsExactly(4, 1);
        assertThat(Layout.viewStrides(new int[] {2, 3, 4}, new int[] {12, 4, 1}, new int[] {2, 12})).containsExactly(12, 1);
        // transposed [3,2] (strides 1,3) cannot be flattened without a copy, but can gain a unit dim
        assertThat(Layout.viewStrides(new int[] {3, 2}, new int[] {1, 3}, new int[] {6})).isNull();
        int[] withUnit = Layout.viewStrides(new int[] {3, 2}, new int[] {1, 3}, new int[] {3, 1, 2});
        assertThat(withUnit[0]).isEqualTo(1);
        assertThat(withUnit[2]).isEqualTo(3);
    }

    @Test
    void broadcastShapesAlignsTrailingDimensionsAndNamesTheOp() {
        assertThat(Layout.broadcastShapes("add", new int[] {8, 1, 6, 1}, new int[] {7, 1, 5})).containsExactly(8, 7, 6, 5);
        assertThat(Layout.broadcastShapes("add", new int[] {}, new int[] {3})).containsExactly(3);
        assertThatThrownBy(() -> Layout.broadcastShapes("mul", new int[] {2, 3}, new int[] {4}))
                .hasMessage("mul: shapes [2, 3] [4] cannot be broadcast (dimension 1: 3 vs 4)");
    }

    @Test
    void coalesceMergesDimensionsContiguousInEveryLayout() {
        Layout a = Layout.contiguous(2, 3, 4);
        Layout t = a.permute(2, 1, 0).permute(2, 1, 0);
        assertThat(Layout.coalesce(a, t)[0].shape()).containsExactly(24);
        Layout sliced = Layout.contiguous(2, 3, 8).slice(2, 0, 4, 1);
        Layout[] c = Layout.coalesce(Layout.contiguous(2, 3, 4), sliced);
        assertThat(c[0].shape()).containsExactly(6, 4);
        assertThat(c[1].strides()).containsExactly(8, 1);
        assertThat(Layout.coalesce(Layout.contiguous(1, 1))[0].rank()).isZero();
    }

    @Test
    void flipUsesNegativeStridesAndMovesTheOffset() {
        Layout f = Layout.contiguous(2, 3).flip(1);
        assertThat(f.strides()).containsExactly(3, -1);
        assertThat(f.offset()).isEqualTo(2);
        assertThat(f.position(0, 0)).isEqualTo(2);
        assertThat(f.position(1, 2)).isEqualTo(3);
    }

    @Property(tries = 50)
    void positionOfFlatAgreesWithPositionOfTheUnravelledIndex(@ForAll long seed) {
        Generator g = new Generator(seed);
        int rank = 1 + g.nextInt(4);
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = 1 + g.nextInt(5);
        }
        Layout l = Layout.contiguous(shape).permute(g.permutation(rank)).flip(g.nextInt(rank));
        int[] idx = new int[rank];
        for (int f = 0; f < l.numel(); f++) {
            Layout.unravel(f, l.shape(), idx);
            assertThat(l.positionOfFlat(f)).isEqualTo(l.position(idx));
        }
    }
}
