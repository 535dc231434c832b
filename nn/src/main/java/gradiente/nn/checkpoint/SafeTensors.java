package gradiente.nn.checkpoint;

import gradiente.tensor.DType;
import gradiente.tensor.Tensor;
import gradiente.tensor.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors file format (Hugging Face), written and read by hand:
 * <pre>
 *   bytes 0..7    N, the header length, unsigned 64-bit little-endian
 *   bytes 8..8+N  a UTF-8 JSON object: {"__metadata__": {string: string},
 *                 "name": {"dtype": "F32", "shape": [d0, ...], "data_offsets": [begin, end]}, ...}
 *                 padded with spaces to a multiple of 8 bytes
 *   then          the tensors' bytes, row-major, little-endian; offsets count from the end of the header
 * </pre>
 * Tensors are written as F32 or F64. Reading also accepts F16, BF16 (as float32) and I64, I32, I16,
 * I8, U8, BOOL (as float64, exact for integers up to 2^53), so files written by PyTorch's
 * {@code safetensors.torch.save_file} load too. Every problem in a file is reported with the path and
 * the byte offset.
 *
 * <p>Integrity: {@link #write} records a CRC-32C of every tensor's bytes in the metadata
 * ({@link TensorChecksums}), and {@link #read} verifies them, so a flipped bit in the data block is an
 * error naming the file, the tensor and its byte offset. Files without checksums (older gradiente files,
 * PyTorch's) still read; {@link Contents#checksummed()} says which kind was read.
 */
public final class SafeTensors {
    /** Headers larger than this are rejected as corrupt (the reference implementation uses 100 MB). */
    public static final long MAX_HEADER = 100L << 20;

    /**
     * Tensors and string metadata of one file (in file order); the checksum entries are verified and
     * left out of {@code metadata}.
     *
     * @param checksummed whether the file carried checksums (all verified); false for files written
     *                    before checksums or by other tools
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata, boolean checksummed) {
        public Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
            this(tensors, metadata, false);
        }
    }

    private SafeTensors() {
    }

    // ------------------------------------------------------------------ writing

    /** Writes the tensors and metadata, with a checksum of every tensor, atomically to {@code file}. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(metadata == null ? Map.of() : metadata);
        meta.keySet().removeIf(TensorChecksums::isChecksumKey);
        TensorChecksums sums = new TensorChecksums();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            sums.add(e.getKey(), crc -> forEachChunk(e.getValue(), crc::update));
        }
        meta.putAll(sums.metadata(meta));
        byte[] header = header(tensors, meta);
        AtomicFiles.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            out.write(len.array());
            out.write(header);
            for (Tensor t : tensors.values()) {
                writeData(out, t);
            }
        });
    }

    private static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
        StringBuilder sb = new StringBuilder("{");
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("safetensors: invalid tensor name '" + e.getKey() + "'");
            }
            Tensor t = e.getValue();
            long bytes = (long) t.numel() * t.dtype().bytes();
            sb.append(sb.length() > 1 ? "," : "").append(Json.quote(e.getKey())).append(":{\"dtype\":\"")
                    .append(t.dtype() == DType.FLOAT32 ? "F32" : "F64").append("\",\"shape\":")
                    .append(Arrays.toString(t.shape()).replace(" ", "")).append(",\"data_offsets\":[")
                    .append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        // The metadata goes last: readers do not care about the order, and the first bytes stay the first tensor's entry.
        if (metadata != null && !metadata.isEmpty()) {
            sb.append(sb.length() > 1 ? "," : "").append("\"__metadata__\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                sb.append(first ? "" : ",").append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
                first = false;
            }
            sb.append('}');
        }
        sb.append('}');
        while (sb.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) {
            sb.append(' ');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeData(OutputStream out, Tensor t) throws IOException {
        forEachChunk(t, out::write);
    }

    /** Receives consecutive pieces of a tensor's little-endian bytes. */
    @FunctionalInterface
    interface ChunkSink {
        void accept(byte[] bytes, int offset, int length) throws IOException;
    }

    /** Feeds the tensor's bytes, as they are laid out in the file, to {@code sink} in pieces of at most 64 KiB. */
    static void forEachChunk(Tensor t, ChunkSink sink) throws IOException {
        int chunk = 1 << 14;
        if (t.dtype() == DType.FLOAT32) {
            float[] v = t.toFloatArray();
            ByteBuffer b = ByteBuffer.allocate(chunk * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < v.length; i += chunk) {
                b.clear();
                b.asFloatBuffer().put(v, i, Math.min(chunk, v.length - i));
                sink.accept(b.array(), 0, Math.min(chunk, v.length - i) * 4);
            }
        } else {
            double[] v = t.toDoubleArray();
            ByteBuffer b = ByteBuffer.allocate(chunk * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < v.length; i += chunk) {
                b.clear();
                b.asDoubleBuffer().put(v, i, Math.min(chunk, v.length - i));
                sink.accept(b.array(), 0, Math.min(chunk, v.length - i) * 8);
            }
        }
    }

    // ------------------------------------------------------------------ reading

    private record Entry(String name, String dtype, int[] shape, long begin, long end) {
    }

    /** Reads a whole file, validating header, offsets and sizes. */
    public static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new CheckpointFormatException(file, 0, "file is " + size
                        + " bytes, too short for the 8-byte safetensors header length (truncated?)");
            }
            long n = readFully(ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n < 2 || n > MAX_HEADER || n > size - 8) {
                throw new CheckpointFormatException(file, 0, "header length " + Long.toUnsignedString(n)
                        + " does not fit a file of " + size + " bytes (truncated, or not a safetensors file)");
            }
            String json = StandardCharsets.UTF_8.decode(readFully(ch, 8, (int) n)).toString();
            Map<String, Object> header = parseHeader(file, json);
            long dataStart = 8 + n;
            long dataSize = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<String, Object> e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    metadata = metadata(file, e.getValue());
                } else {
                    entries.add(entry(file, e.getKey(), e.getValue()));
                }
            }
            checkCoverage(file, entries, dataStart, dataSize);
            TensorChecksums.Verifier verifier = TensorChecksums.verifier(file, metadata, entries.stream().map(Entry::name).toList());
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                ByteBuffer bytes = readFully(ch, dataStart + e.begin, (int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
                verifier.check(e.name, bytes, dataStart + e.begin);
                tensors.put(e.name, decode(e, bytes));
            }
            metadata.keySet().removeIf(TensorChecksums::isChecksumKey);
            return new Contents(tensors, metadata, verifier.present());
        }
    }

    private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new IOException("unexpected end of file at byte " + (position + b.position()));
            }
        }
        return b.flip();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseHeader(Path file, String json) throws CheckpointFormatException {
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (Json.Error e) {
            long at = 8 + json.substring(0, Math.min(e.position, json.length())).getBytes(StandardCharsets.UTF_8).length;
            throw new CheckpointFormatException(file, at, "corrupt safetensors header: " + e.getMessage());
        }
        if (!(parsed instanceof Map)) {
            throw new CheckpointFormatException(file, 8, "safetensors header is not a JSON object");
        }
        return (Map<String, Object>) parsed;
    }

    private static Map<String, String> metadata(Path file, Object value) throws CheckpointFormatException {
        if (!(value instanceof Map<?, ?> m)) {
            throw new CheckpointFormatException(file, 8, "__metadata__ is not an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new CheckpointFormatException(file, 8, "__metadata__ value of '" + e.getKey() + "' is not a string");
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static Entry entry(Path file, String name, Object value) throws CheckpointFormatException {
        if (!(value instanceof Map<?, ?> m) || !(m.get("dtype") instanceof String dtype)
                || !(m.get("shape") instanceof List<?> shapeList) || !(m.get("data_offsets") instanceof List<?> offs)
                || offs.size() != 2 || !(offs.get(0) instanceof Long begin) || !(offs.get(1) instanceof Long end)) {
            throw new CheckpointFormatException(file, 8, "tensor '" + name
                    + "' needs a string dtype, an integer shape list and two integer data_offsets");
        }
        int[] shape = new int[shapeList.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeList.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw new CheckpointFormatException(file, 8, "tensor '" + name + "' has invalid shape " + shapeList);
            }
            shape[i] = (int) (long) d;
            numel *= d;
        }
        int width = width(dtype);
        if (width < 0) {
            throw new CheckpointFormatException(file, 8, "tensor '" + name + "' has unsupported dtype " + dtype);
        }
        if (begin < 0 || end < begin || end - begin != numel * width) {
            throw new CheckpointFormatException(file, 8, "tensor '" + name + "' " + dtype + " " + shapeList
                    + " needs " + numel * width + " bytes but data_offsets are [" + begin + ", " + end + "]");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static void checkCoverage(Path file, List<Entry> entries, long dataStart, long dataSize)
            throws CheckpointFormatException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin));
        long expected = 0;
        for (Entry e : sorted) {
            if (e.end > dataSize) {
                throw new CheckpointFormatException(file, dataStart + dataSize, "tensor '" + e.name + "' ends at byte "
                        + (dataStart + e.end) + " but the file ends at byte " + (dataStart + dataSize) + " (truncated)");
            }
            if (e.begin != expected) {
                throw new CheckpointFormatException(file, dataStart + Math.min(e.begin, expected), "tensor '" + e.name
                        + "' starts at data offset " + e.begin + " but the previous tensor ends at " + expected
                        + (e.begin < expected ? " (overlap)" : " (gap)"));
            }
            expected = e.end;
        }
        if (expected != dataSize) {
            throw new CheckpointFormatException(file, dataStart + expected, (dataSize - expected)
                    + " bytes follow the last tensor's data");
        }
    }

    private static int width(String dtype) {
        return switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16", "I16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> -1;
        };
    }

    private static Tensor decode(Entry e, ByteBuffer b) {
        int n = (int) ((e.end - e.begin) / width(e.dtype));
        switch (e.dtype) {
            case "F32": {
                float[] v = new float[n];
                b.asFloatBuffer().get(v);
                return Tensor.of(v, e.shape);
            }
            case "F16":
            case "BF16": {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    short h = b.getShort();
                    v[i] = e.dtype.equals("F16") ? Float.float16ToFloat(h) : Float.intBitsToFloat((h & 0xFFFF) << 16);
                }
                return Tensor.of(v, e.shape);
            }
            default: {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = switch (e.dtype) {
                        case "F64" -> b.getDouble();
                        case "I64" -> (double) b.getLong();
                        case "I32" -> b.getInt();
                        case "I16" -> b.getShort();
                        case "I8" -> b.get();
                        default -> b.get() & 0xFF; // U8, BOOL
                    };
                }
                return Tensor.of(v, e.shape);
            }
        }
    }
}
