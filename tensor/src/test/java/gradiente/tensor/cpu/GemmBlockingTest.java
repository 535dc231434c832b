package gradiente.tensor.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up choice of the GEMM's register tile and cache blocks, and the probes it reads. */
class GemmBlockingTest {
    private static final CacheSizes ZEN3 = new CacheSizes(32 << 10, 512 << 10, 32 << 20);

    @Test
    void avx2GetsTheFourRowTileThatFitsSixteenRegisters() {
        GemmBlocking f32 = GemmBlocking.choose(8, Float.BYTES, 16, ZEN3);
        assertThat(f32).isEqualTo(new GemmBlocking(4, 16, 1024, 32, 1024));
        GemmBlocking f64 = GemmBlocking.choose(4, Double.BYTES, 16, ZEN3);
        assertThat(f64).isEqualTo(new GemmBlocking(4, 8, 1024, 16, 512));
    }

    @Test
    void avx512GetsTheSixRowTileAndBlocksFromItsCaches() {
        CacheSizes icelake = new CacheSizes(48 << 10, 1280 << 10, 48 << 20);
        GemmBlocking f32 = GemmBlocking.choose(16, Float.BYTES, 32, icelake);
        assertThat(f32.mr()).isEqualTo(6);
        assertThat(f32.nr()).isEqualTo(32);
        assertThat(f32.kc()).isEqualTo(1024); // 1280 KiB / 4 / (32 * 4 bytes) = 2560, at most 1024
        assertThat(f32.mc()).isEqualTo(78); // 320 KiB / (1024 * 4 bytes) = 80, down to a multiple of 6
        assertThat(f32.nc() % 32).isZero();
    }

    @Test
    void tinyAndHugeCachesAreClampedToWorkableBlocks() {
        GemmBlocking tiny = GemmBlocking.choose(8, Float.BYTES, 16, new CacheSizes(1024, 2048, 4096));
        assertThat(tiny.kc()).isEqualTo(32);
        assertThat(tiny.mc()).isEqualTo(4); // 512 bytes / (32 * 4 bytes)
        assertThat(tiny.nc()).isEqualTo(16);
        GemmBlocking huge = GemmBlocking.choose(8, Float.BYTES, 16, new CacheSizes(1L << 30, 1L << 32, 1L << 36));
        assertThat(huge.kc()).isEqualTo(1024);
        assertThat(huge.mc()).isEqualTo(960);
        assertThat(huge.nc()).isEqualTo(1024); // 4 MiB / (1024 * 4 bytes)
    }

    @Test
    void inconsistentBlockingIsRejectedWithItsValues() {
        assertThatThrownBy(() -> new GemmBlocking(4, 16, 64, 10, 32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mc=10");
    }

    @Test
    void machineBlockingMatchesTheKernelsVectors() {
        assertThat(GemmF32.MACHINE.nr()).isEqualTo(2 * CpuVectors.F32.length());
        assertThat(GemmF64.MACHINE.nr()).isEqualTo(2 * CpuVectors.F64.length());
        assertThat(CpuVectors.F32.vectorBitSize()).isEqualTo(CpuVectors.BITS);
        assertThat(CpuVectors.describe()).startsWith("vector=" + CpuVectors.BITS + "bit");
    }

    @Test
    void vectorWidthCapOnlyNarrows() {
        assertThat(CpuVectors.chooseBits(512, 0)).isEqualTo(512);
        assertThat(CpuVectors.chooseBits(512, 256)).isEqualTo(256);
        assertThat(CpuVectors.chooseBits(256, 512)).isEqualTo(256);
        assertThat(CpuVectors.chooseBits(1024, 0)).isEqualTo(512);
        assertThatThrownBy(() -> CpuVectors.chooseBits(256, 300)).hasMessageContaining("gradiente.vectorBits: 300");
    }

    @Test
    void cacheSizesAreReadFromSysfsWithFallbacks(@TempDir Path dir) throws IOException {
        index(dir, 0, "1", "Data", "48K");
        index(dir, 1, "1", "Instruction", "32K");
        index(dir, 2, "2", "Unified", "2048K");
        index(dir, 3, "3", "Unified", "garbage");
        CacheSizes read = CacheSizes.read(dir);
        assertThat(read).isEqualTo(new CacheSizes(48 << 10, 2 << 20, CacheSizes.FALLBACK.l3()));
        assertThat(CacheSizes.read(dir.resolve("missing"))).isEqualTo(CacheSizes.FALLBACK);
        assertThat(CacheSizes.parseSize("32M")).isEqualTo(32L << 20);
        assertThat(CacheSizes.parseSize("65536")).isEqualTo(65536);
        assertThat(CacheSizes.parseSize("")).isZero();
    }

    private static void index(Path dir, int i, String level, String type, String size) throws IOException {
        Path d = Files.createDirectories(dir.resolve("index" + i));
        Files.writeString(d.resolve("level"), level + "\n");
        Files.writeString(d.resolve("type"), type + "\n");
        Files.writeString(d.resolve("size"), size + "\n");
    }
}
