package gradiente.cuda;

import gradiente.tensor.Storage;
import gradiente.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deterministic release of device memory: every {@link CudaStorage} created on this thread while a
 * scope is open is closed when the scope closes, except the storages of tensors passed to
 * {@link #keep}, which move to the enclosing scope (or outlive all scopes).
 *
 * <pre>{@code
 * try (CudaScope scope = CudaScope.open()) {
 *     Tensor loss = step(batch);        // temporaries live on the GPU
 *     return scope.keep(loss);          // everything else is released here
 * }
 * }</pre>
 */
public final class CudaScope implements AutoCloseable {
    private static final ThreadLocal<ArrayDeque<CudaScope>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    private final Map<CudaStorage, Boolean> owned = new IdentityHashMap<>();
    private boolean closed;

    private CudaScope() {
    }

    /** Opens a scope nested in the current one. */
    public static CudaScope open() {
        CudaScope s = new CudaScope();
        OPEN.get().push(s);
        return s;
    }

    static void register(CudaStorage storage) {
        CudaScope s = OPEN.get().peek();
        if (s != null) {
            s.owned.put(storage, Boolean.TRUE);
        }
    }

    /** Exempts a tensor's storage from this scope (it moves to the enclosing scope, if any). */
    public Tensor keep(Tensor t) {
        Storage st = t.storage();
        if (st instanceof CudaStorage c && owned.remove(c) != null) {
            ArrayDeque<CudaScope> stack = OPEN.get();
            CudaScope parent = null;
            boolean after = false;
            for (CudaScope s : stack) {
                if (after) {
                    parent = s;
                    break;
                }
                after = s == this;
            }
            if (parent != null) {
                parent.owned.put(c, Boolean.TRUE);
            }
        }
        return t;
    }

    /** Number of storages this scope will release. */
    public int size() {
        return owned.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        OPEN.get().remove(this);
        List<CudaStorage> all = new ArrayList<>(owned.keySet());
        owned.clear();
        for (CudaStorage c : all) {
            c.close();
        }
    }
}
