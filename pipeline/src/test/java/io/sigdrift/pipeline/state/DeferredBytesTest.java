package io.sigdrift.pipeline.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class DeferredBytesTest {

    /** A live object: a counter whose encoding is its value (big-endian), counting how often it was encoded. */
    static final class Live {
        long value;
        final AtomicInteger encodes = new AtomicInteger();

        byte[] encode() {
            encodes.incrementAndGet();
            return ByteBuffer.allocate(8).putLong(value).array();
        }
    }

    static byte[] bytesOf(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    @Test
    void aDeferredValueIsEncodedOnceByWhoeverAsksFirst() {
        Live live = new Live();
        live.value = 7;
        DeferredBytes v = DeferredBytes.deferred(live::encode);
        assertFalse(v.isSettled());
        assertEquals(0, live.encodes.get(), "nothing is encoded when the value is made");
        assertArrayEquals(bytesOf(7), v.bytes());
        assertTrue(v.isSettled());
        assertFalse(v.settle(), "the snapshot encoded it: the owner has nothing to pay");
        assertArrayEquals(bytesOf(7), v.bytes());
        assertEquals(1, live.encodes.get());
    }

    @Test
    void anOwnerThatSettlesBeforeChangingKeepsTheSnapshotsBytes() {
        Live live = new Live();
        live.value = 7;
        DeferredBytes v = DeferredBytes.deferred(live::encode);
        assertTrue(v.settle(), "the owner encoded it");
        live.value = 8;
        assertArrayEquals(bytesOf(7), v.bytes(), "the bytes are the state at the snapshot, not the changed one");
        assertEquals(1, live.encodes.get());
    }

    @Test
    void aSnapshotThreadAndAnOwnerThatChangesTheObjectRightAfterSettlingAlwaysAgreeOnTheSnapshotsBytes()
            throws Exception {
        for (int round = 0; round < 2_000; round++) {
            Live live = new Live();
            live.value = round;
            DeferredBytes v = DeferredBytes.deferred(live::encode);
            CountDownLatch go = new CountDownLatch(1);
            AtomicReference<byte[]> seen = new AtomicReference<>();
            Thread snapshot = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                seen.set(v.bytes());
            });
            snapshot.start();
            go.countDown();
            v.settle();
            live.value = -1;   // the owner's change
            snapshot.join();
            assertArrayEquals(bytesOf(round), seen.get(), "round " + round);
            assertEquals(1, live.encodes.get(), "round " + round);
        }
    }

    @Test
    void anEncoderFailureIsReportedAndNotTakenForBytes() {
        DeferredBytes v = DeferredBytes.deferred(() -> {
            throw new IOException("disk gone");
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, v::bytes);
        assertTrue(e.getCause() instanceof IOException);
        assertFalse(v.isSettled());
    }

    @Test
    void theSerializerWritesTheBytesAsFlinksByteArraySerializerDoes() throws Exception {
        byte[] payload = {1, 2, 3, -4, 5};
        DataOutputSerializer ours = new DataOutputSerializer(16);
        DeferredBytesSerializer.INSTANCE.serialize(DeferredBytes.deferred(() -> payload.clone()), ours);
        DataOutputSerializer flinks = new DataOutputSerializer(16);
        BytePrimitiveArraySerializer.INSTANCE.serialize(payload, flinks);
        assertArrayEquals(flinks.getCopyOfBuffer(), ours.getCopyOfBuffer());

        DeferredBytes back = DeferredBytesSerializer.INSTANCE.deserialize(new DataInputDeserializer(ours.getCopyOfBuffer()));
        assertTrue(back.isSettled());
        assertArrayEquals(payload, back.bytes());

        DataOutputSerializer copied = new DataOutputSerializer(16);
        DeferredBytesSerializer.INSTANCE.copy(new DataInputDeserializer(ours.getCopyOfBuffer()), copied);
        assertArrayEquals(ours.getCopyOfBuffer(), copied.getCopyOfBuffer());
    }

    @Test
    void aNegativeLengthIsCorruptStateNotAnAllocation() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(8);
        out.writeInt(-5);
        IOException e = assertThrows(IOException.class,
                () -> DeferredBytesSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())));
        assertTrue(e.getMessage().contains("negative length"), e.getMessage());
    }

    @Test
    void theSerializersSnapshotRestoresTheSameSerializerAndIsCompatibleWithItself() throws Exception {
        TypeSerializerSnapshot<DeferredBytes> snapshot = DeferredBytesSerializer.INSTANCE.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<DeferredBytes> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertSame(DeferredBytesSerializer.INSTANCE, read.restoreSerializer());
        TypeSerializerSchemaCompatibility<DeferredBytes> c =
                DeferredBytesSerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertTrue(c.isCompatibleAsIs());
        DeferredBytes v = DeferredBytes.of(new byte[] {9});
        assertSame(v, DeferredBytesSerializer.INSTANCE.copy(v), "immutable from outside: never copied");
    }
}
