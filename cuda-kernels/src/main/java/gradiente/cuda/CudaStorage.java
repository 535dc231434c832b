package gradiente.cuda;

import gradiente.tensor.DType;
import gradiente.tensor.Device;
import gradiente.tensor.Storage;
import java.lang.ref.Cleaner;
import jcuda.driver.CUdeviceptr;

/**
 * Device memory holding one tensor storage, resident on the GPU between operations. Memory comes from
 * the backend's {@link CachingAllocator} and goes back to it deterministically through {@link #close()}
 * (directly or through a {@link CudaScope}); a {@link Cleaner} returns it when a storage becomes
 * unreachable without being closed, as a backstop only.
 */
public final class CudaStorage implements Storage, AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Device device;
    private final DType dtype;
    private final int length;
    private final Release release;
    private final Cleaner.Cleanable cleanable;

    /** Returns the block exactly once, whoever calls first (close or the cleaner). */
    private static final class Release implements Runnable {
        private final CachingAllocator<CUdeviceptr> allocator;
        private final CachingAllocator.Block<CUdeviceptr> block;
        private volatile boolean released;

        Release(CachingAllocator<CUdeviceptr> allocator, CachingAllocator.Block<CUdeviceptr> block) {
            this.allocator = allocator;
            this.block = block;
        }

        @Override
        public synchronized void run() {
            if (!released) {
                released = true;
                allocator.release(block);
            }
        }
    }

    CudaStorage(Device device, DType dtype, int length, CachingAllocator<CUdeviceptr> allocator) {
        this.device = device;
        this.dtype = dtype;
        this.length = length;
        this.release = new Release(allocator, allocator.allocate((long) Math.max(length, 1) * dtype.bytes()));
        this.cleanable = CLEANER.register(this, release);
        CudaScope.register(this);
    }

    /** The device address of element 0; fails after {@link #close()}. */
    CUdeviceptr pointer() {
        if (release.released) {
            throw new IllegalStateException("cuda: storage of " + length + " " + dtype.shortName()
                    + " elements used after it was closed");
        }
        return release.block.handle();
    }

    /** The device address of element {@code offset}. */
    CUdeviceptr pointer(long offset) {
        return offset == 0 ? pointer() : pointer().withByteOffset(offset * dtype.bytes());
    }

    public boolean isClosed() {
        return release.released;
    }

    /** Returns the memory to the allocator's cache; the storage must not be used afterwards. */
    @Override
    public void close() {
        cleanable.clean();
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public int length() {
        return length;
    }
}
