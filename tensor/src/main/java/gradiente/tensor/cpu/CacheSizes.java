package gradiente.tensor.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Data cache sizes of the machine in bytes, read once from Linux's
 * {@code /sys/devices/system/cpu/cpu0/cache/index*} ({@code level}, {@code type}, {@code size} such as
 * {@code 32K}), with fallbacks where a level is missing or the files cannot be read (other systems,
 * containers): 32 KiB L1d, 512 KiB L2, 8 MiB L3 (an unexceptional x86 core of the last decade). The
 * GEMM's cache blocks are sized from these ({@link GemmBlocking}).
 *
 * @param l1d level-1 data cache of one core
 * @param l2 level-2 cache of one core
 * @param l3 last-level cache (shared)
 */
record CacheSizes(long l1d, long l2, long l3) {
    static final CacheSizes FALLBACK = new CacheSizes(32 << 10, 512 << 10, 8 << 20);
    /** This machine's caches. */
    static final CacheSizes MACHINE = read(Path.of("/sys/devices/system/cpu/cpu0/cache"));

    /** Reads the sizes below {@code dir} (the cpu0 cache folder), each missing level from {@link #FALLBACK}. */
    static CacheSizes read(Path dir) {
        long l1 = 0, l2 = 0, l3 = 0;
        for (int i = 0; i < 8; i++) {
            Path index = dir.resolve("index" + i);
            try {
                if (!Files.isDirectory(index)) {
                    continue;
                }
                int level = Integer.parseInt(Files.readString(index.resolve("level")).trim());
                String type = Files.readString(index.resolve("type")).trim();
                long size = parseSize(Files.readString(index.resolve("size")).trim());
                if (level == 1 && type.equals("Data")) {
                    l1 = size;
                } else if (level == 2 && !type.equals("Instruction")) {
                    l2 = size;
                } else if (level == 3 && !type.equals("Instruction")) {
                    l3 = size;
                }
            } catch (IOException | RuntimeException e) {
                // unreadable or malformed entry: that level keeps its fallback
            }
        }
        return new CacheSizes(l1 > 0 ? l1 : FALLBACK.l1d, l2 > 0 ? l2 : FALLBACK.l2, l3 > 0 ? l3 : FALLBACK.l3);
    }

    /** {@code 32K}, {@code 1024K}, {@code 32M}, {@code 65536} to bytes; 0 when malformed. */
    static long parseSize(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        char unit = Character.toUpperCase(s.charAt(s.length() - 1));
        long scale = switch (unit) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1;
        };
        String digits = scale == 1 ? s : s.substring(0, s.length() - 1);
        try {
            return Long.parseLong(digits) * scale;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
