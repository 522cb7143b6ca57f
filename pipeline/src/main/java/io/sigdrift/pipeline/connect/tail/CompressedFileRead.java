package io.sigdrift.pipeline.connect.tail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.flink.api.common.io.compression.InflaterInputStreamFactory;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;

/**
 * A compressed file ({@code .gz}, {@code .bz2}, {@code .xz}, {@code .zst}, {@code .deflate}) in follow mode:
 * read once, when complete, then finished. "Complete" = its size and modification time have not changed for
 * {@code settleMillis} (a compressed stream cannot be tailed: appending to it is not how such files are written,
 * they appear whole, e.g. after log rotation). The split offset counts lines emitted, so a restore skips that
 * many lines of the decompressed text. A corrupt or unreadable file is reported once and finished.
 */
final class CompressedFileRead implements FollowedFile {
    private final String pathString;
    private final Path path;
    private final long settleMillis;
    private long linesDone;
    private final String identity;
    private long lastSize = -1;
    private long lastModified = -1;
    private long stableSinceNanos;
    private BufferedReader reader;
    private boolean finished;

    CompressedFileRead(TailSplit split, long settleMillis) {
        this.pathString = split.path();
        this.path = Path.of(split.path());
        this.linesDone = split.offset();
        this.identity = split.identity();
        this.settleMillis = settleMillis;
    }

    @Override
    public int poll(int maxLines, LineBuffer buffer, TailListener listener) {
        if (finished) {
            return 0;
        }
        try {
            if (reader == null && !open()) {
                return 0;
            }
            int n = 0;
            String line;
            while (n < maxLines && (line = reader.readLine()) != null) {
                listener.line(line);
                n++;
                linesDone++;
            }
            if (n < maxLines) {
                finish();
            }
            return n;
        } catch (IOException e) {
            listener.unreadable(pathString, e.getClass().getSimpleName() + ": " + e.getMessage());
            finish();
            return 0;
        }
    }

    /** Opens the file once it has settled, skipping the lines a restored split already emitted. */
    private boolean open() throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return false;
        }
        long now = System.nanoTime();
        if (attrs.size() != lastSize || attrs.lastModifiedTime().toMillis() != lastModified) {
            lastSize = attrs.size();
            lastModified = attrs.lastModifiedTime().toMillis();
            stableSinceNanos = now;
            return false;
        }
        if (now - stableSinceNanos < settleMillis * 1_000_000L) {
            return false;
        }
        InflaterInputStreamFactory<?> factory = StandardDeCompressors.getDecompressorForFileName(pathString);
        InputStream raw = Files.newInputStream(path);
        try {
            reader = new BufferedReader(new InputStreamReader(factory.create(raw), StandardCharsets.UTF_8), 64 * 1024);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
        for (long i = 0; i < linesDone; i++) {
            if (reader.readLine() == null) {
                break;
            }
        }
        return true;
    }

    private void finish() {
        finished = true;
        close();
    }

    @Override
    public TailSplit snapshot() {
        return new TailSplit(pathString, linesDone, identity);
    }

    @Override
    public boolean finished() {
        return finished;
    }

    @Override
    public void close() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // read-only
            }
            reader = null;
        }
    }
}
