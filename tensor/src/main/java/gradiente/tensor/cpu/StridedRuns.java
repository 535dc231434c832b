package gradiente.tensor.cpu;

import gradiente.tensor.Layout;

/**
 * Walks several same-shape layouts as runs along their innermost dimension, in parallel. The layouts
 * are first coalesced ({@link Layout#coalesce}), so contiguous tensors of any rank become one long run;
 * a run is then described by one start position per layout, one stride per layout and a length, which
 * is what the SIMD loops of {@link FastElementwise} consume. Long runs are cut into chunks so that even a
 * single contiguous tensor keeps every core busy.
 */
final class StridedRuns {
    /** Elements per chunk of a long run handed to one task. */
    static final int CHUNK = 1 << 14;

    /** Body called for one run: {@code pos[l]} is layout l's start position, {@code strides[l]} its step. */
    @FunctionalInterface
    interface RunBody {
        void run(int[] pos, int[] strides, int length);
    }

    private StridedRuns() {
    }

    /** Innermost strides of the coalesced layouts, or an empty array for zero-dimensional tensors. */
    static int[] innerStrides(Layout[] coalesced) {
        int r = coalesced[0].rank();
        int[] s = new int[coalesced.length];
        for (int l = 0; l < coalesced.length && r > 0; l++) {
            s[l] = coalesced[l].stride(r - 1);
        }
        return s;
    }

    /** Coalesces the layouts and runs {@code body} over every (chunk of a) run, using all cores. */
    static void forEach(Layout[] layouts, long workPerElement, RunBody body) {
        Layout[] c = Layout.coalesce(layouts);
        int numel = layouts[0].numel();
        if (numel == 0) {
            return;
        }
        int r = c[0].rank();
        int len = r == 0 ? 1 : c[0].size(r - 1);
        int[] strides = innerStrides(c);
        Layout[] outer = new Layout[c.length];
        for (int l = 0; l < c.length; l++) {
            int[] shape = c[l].shape();
            int[] st = c[l].strides();
            int k = Math.max(0, r - 1);
            outer[l] = new Layout(java.util.Arrays.copyOf(shape, k), java.util.Arrays.copyOf(st, k), c[l].offset());
        }
        int rows = numel / len;
        int chunks = (len + CHUNK - 1) / CHUNK;
        int chunkLen = (len + chunks - 1) / chunks;
        CpuThreads.forRange(rows * chunks, (long) chunkLen * workPerElement, (lo, hi) -> {
            int[] pos = new int[c.length];
            for (int item = lo; item < hi; item++) {
                int row = item / chunks;
                int start = (item % chunks) * chunkLen;
                int n = Math.min(chunkLen, len - start);
                for (int l = 0; l < c.length; l++) {
                    pos[l] = outer[l].positionOfFlat(row) + start * strides[l];
                }
                body.run(pos, strides, n);
            }
        });
    }
}
