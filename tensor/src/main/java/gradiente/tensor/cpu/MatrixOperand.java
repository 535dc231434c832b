package gradiente.tensor.cpu;

import gradiente.tensor.HeapStorage;

/**
 * One matrix of a (batched) product as the packing routines see it: the heap storage, the position of
 * element {@code (0, 0)} and the row and column strides. Strides may be anything a layout allows
 * (transposed, stepped, zero for expanded operands, negative for flipped ones), because the GEMM never
 * reads an operand except while packing it.
 */
record MatrixOperand(HeapStorage storage, int base, int rowStride, int colStride) {
    /** Storage position of element {@code (i, j)}. */
    int position(int i, int j) {
        return base + i * rowStride + j * colStride;
    }
}
