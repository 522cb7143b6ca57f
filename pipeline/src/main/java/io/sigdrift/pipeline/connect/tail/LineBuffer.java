package io.sigdrift.pipeline.connect.tail;

import java.nio.ByteBuffer;

/**
 * The one read buffer of a source reader, shared by all its files (polled one at a time): memory per reader is
 * bounded by {@link TailSettings#maxLineBytes()}, not by the number of files followed. Starts small and doubles
 * only while a single line does not fit.
 */
final class LineBuffer {
    static final int INITIAL_BYTES = 64 * 1024;

    private final int maxBytes;
    private ByteBuffer buffer;

    LineBuffer(int maxBytes) {
        this.maxBytes = maxBytes;
        this.buffer = ByteBuffer.allocate(Math.min(INITIAL_BYTES, maxBytes));
    }

    ByteBuffer cleared() {
        buffer.clear();
        return buffer;
    }

    /** Doubles the buffer; false when it is already at its bound. */
    boolean grow() {
        if (buffer.capacity() >= maxBytes) {
            return false;
        }
        buffer = ByteBuffer.allocate((int) Math.min((long) buffer.capacity() * 2, maxBytes));
        return true;
    }

    int capacity() {
        return buffer.capacity();
    }
}
