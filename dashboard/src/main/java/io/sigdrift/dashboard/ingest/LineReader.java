package io.sigdrift.dashboard.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads complete lines ('\n'-terminated) from a byte offset and reports the offset after each, so the
 * ingester can store exactly how far it got. A trailing line without its newline is not returned (a
 * writer may still be appending it); a line longer than the limit is skipped to its newline and reported
 * as oversize, never buffered whole: memory stays bounded by the limit.
 */
final class LineReader {
    record Line(long start, long end, String text, boolean oversize) {}

    private final InputStream in;
    private final int maxBytes;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(4_096);
    private long position;

    LineReader(InputStream in, long startOffset, int maxBytes) {
        this.in = in;
        this.position = startOffset;
        this.maxBytes = maxBytes;
    }

    /** The next complete line, or null at the end of the complete lines. */
    Line next() throws IOException {
        buf.reset();
        long start = position;
        long read = 0;
        boolean oversize = false;
        int b;
        while ((b = in.read()) >= 0) {
            read++;
            if (b == '\n') {
                position = start + read;
                String text = oversize ? null : buf.toString(StandardCharsets.UTF_8);
                if (text != null && text.endsWith("\r")) {
                    text = text.substring(0, text.length() - 1);
                }
                return new Line(start, position, text, oversize);
            }
            if (!oversize) {
                if (buf.size() >= maxBytes) {
                    oversize = true;
                    buf.reset();
                } else {
                    buf.write(b);
                }
            }
        }
        return null;
    }
}
