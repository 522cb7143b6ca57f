package io.sigdrift.pipeline.state;

import java.util.Objects;

/**
 * A keyed-state value whose bytes may be encoded after the checkpoint's synchronous part: either bytes already, or a
 * live object that owes them. Why: an operator that keeps live objects over keyed state ({@link WriteBackCache}) must
 * hand every changed key to the backend inside the checkpoint's synchronous part, where the task processes nothing.
 * Encoding ~500k baselines there took ~0.5 s per subtask ({@code bin/bench checkpoint-pause}). With the heap backend,
 * which keeps values as objects and serializes them in the asynchronous part, a value of this type lets the encoding
 * happen there instead — copy-on-write at the granularity of a key, like the heap backend's own state maps:
 *
 * <ul>
 *   <li>the operator puts {@link #deferred} values in state at the snapshot: no encoding, the live object is owed;</li>
 *   <li>the backend's asynchronous snapshot calls {@link #bytes()} (through {@link DeferredBytesSerializer}), which
 *       encodes the live object once;</li>
 *   <li>before the task thread changes that live object again it calls {@link #settle()}, which encodes it first if
 *       the snapshot has not got to it yet. After that the value never reads the live object again.</li>
 * </ul>
 *
 * <p>Either way the bytes are those of the live object at the snapshot: the encoder runs while nobody changes it
 * (the task thread waits on this value's lock until an encoding in progress ends, and changes nothing until
 * {@link #settle()} returned). A backend that serializes on write (RocksDB) calls {@link #bytes()} inside its put,
 * on the task thread, so nothing is owed after the put; {@link #isSettled()} tells.
 *
 * <p>Thread-safe: the task thread and the snapshot thread meet only under this value's lock. The encoder must only
 * read its live object and must not share a buffer with the task thread.
 */
public final class DeferredBytes {

    /** Encodes a live object (only reads it). */
    @FunctionalInterface
    public interface Encoder {
        byte[] encode() throws Exception;
    }

    private Encoder owed;   // guarded by this; null once the bytes are there
    private byte[] bytes;   // guarded by this

    private DeferredBytes(Encoder owed, byte[] bytes) {
        this.owed = owed;
        this.bytes = bytes;
    }

    /** A value that is already bytes (read from a checkpoint, or encoded eagerly). */
    public static DeferredBytes of(byte[] bytes) {
        return new DeferredBytes(null, Objects.requireNonNull(bytes, "bytes"));
    }

    /** A value owed by a live object: {@code encoder} runs at most once, on whichever thread asks first. */
    public static DeferredBytes deferred(Encoder encoder) {
        return new DeferredBytes(Objects.requireNonNull(encoder, "encoder"), null);
    }

    /** The bytes, encoding them now if still owed. */
    public synchronized byte[] bytes() {
        if (bytes == null) {
            try {
                bytes = owed.encode();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("could not encode a deferred state value", e);
            }
            owed = null;   // the live object is not read again (and not kept reachable from the backend)
        }
        return bytes;
    }

    /**
     * Called by the owner of the live object before it changes it: encodes now if the snapshot has not yet.
     *
     * @return true if this call encoded (the task thread paid the encoding), false if the bytes were there already
     */
    public synchronized boolean settle() {
        if (bytes != null) {
            return false;
        }
        bytes();
        return true;
    }

    /** Whether the bytes are there (the live object is no longer owed anything). */
    public synchronized boolean isSettled() {
        return bytes != null;
    }
}
