package io.sigdrift.pipeline.connect.tail;

import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;

/**
 * One followed file and how far it has been read. Immutable; the reader makes a fresh one per snapshot.
 *
 * @param path     absolute local path; also the split id (one split per path, ever)
 * @param offset   plain files: byte offset just after the last line emitted (always at a line start);
 *                 compressed files: number of lines emitted (a compressed stream cannot be sought into)
 * @param identity the file's identity when {@link #offset} was taken ({@code fileKey}, e.g. device and inode),
 *                 or null when the file system has none; a restore onto a file with another identity means the
 *                 file was replaced meanwhile and is read from its start
 */
public record TailSplit(String path, long offset, String identity) implements SourceSplit {
    public TailSplit {
        Objects.requireNonNull(path, "path");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
    }

    @Override
    public String splitId() {
        return path;
    }

    /** Whether the file is decompressed by extension ({@code .gz}, {@code .bz2}, ... as Flink's FileSource does). */
    public boolean compressed() {
        return isCompressed(path);
    }

    static boolean isCompressed(String path) {
        return StandardDeCompressors.getDecompressorForFileName(path) != null;
    }
}
