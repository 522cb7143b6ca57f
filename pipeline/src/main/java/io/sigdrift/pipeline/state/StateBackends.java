package io.sigdrift.pipeline.state;

import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.sorted.state.BatchExecutionKeyedStateBackend;

/** What an operator needs to know of its keyed backend to choose how it writes. */
public final class StateBackends {
    private StateBackends() {}

    /**
     * Whether the backend serializes a value in its put (RocksDB: every backend but the heap one and batch
     * execution's, which keep the value object as the state until it is replaced). Then a value written is garbage
     * at once and encoding work done in the put is inside the caller's time; otherwise the object lives on as state.
     */
    public static boolean serializesOnPut(KeyedStateBackend<?> backend) {
        return !(backend instanceof HeapKeyedStateBackend) && !(backend instanceof BatchExecutionKeyedStateBackend);
    }
}
