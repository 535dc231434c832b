package gradiente.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shape the fast CPU kernels use, chosen once at start-up: the JVM's preferred species
 * (256 bits with AVX2, 512 with AVX-512, or whatever {@code -XX:UseAVX} / {@code -XX:MaxVectorSize}
 * leave), at most 512 bits, and at most the system property {@code gradiente.vectorBits} when it is set
 * (128, 256 or 512), so a wide machine can be made to run the kernels of a narrower one.
 *
 * <p>{@link #REGISTERS} is the size of the vector register file the JIT allocates from: 32 where the
 * JVM uses 512-bit vectors (AVX-512 has zmm0-31), else 16 (ymm0-15 on AVX2). The GEMM's register
 * tile is sized from it ({@link GemmBlocking}).
 */
final class CpuVectors {
    /** Largest vector in bits the kernels use. */
    static final int BITS = chooseBits(FloatVector.SPECIES_PREFERRED.vectorBitSize(), Integer.getInteger("gradiente.vectorBits", 0));
    /** float32 species of the kernels. */
    static final VectorSpecies<Float> F32 = VectorSpecies.of(float.class, VectorShape.forBitSize(BITS));
    /** float64 species of the kernels. */
    static final VectorSpecies<Double> F64 = VectorSpecies.of(double.class, VectorShape.forBitSize(BITS));
    /** Vector registers the JIT can allocate (architectural, as the JVM was started). */
    static final int REGISTERS = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512 ? 32 : 16;

    private CpuVectors() {
    }

    /** The preferred width, capped at 512 bits and at {@code cap} when cap is a valid vector width. */
    static int chooseBits(int preferred, int cap) {
        int bits = Math.min(preferred, 512);
        if (cap == 128 || cap == 256 || cap == 512) {
            bits = Math.min(bits, cap);
        } else if (cap != 0) {
            throw new IllegalArgumentException("gradiente.vectorBits: " + cap + " is not 128, 256 or 512");
        }
        return bits;
    }

    /** One line for bench output: {@code vector=256bit registers=16}. */
    static String describe() {
        return "vector=" + BITS + "bit registers=" + REGISTERS;
    }
}
