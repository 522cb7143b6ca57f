package io.sigdrift.pipeline.input;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads plain-text or JSON-lines inputs into events for {@code reduce} and {@code compare}, counting every
 * line in {@link InputStats}. Bytes become lines with {@link LineReader} (the reader {@code run}'s file
 * source uses too); what a line is — event or skip, its message and source — is decided by
 * {@link LineDecoder}, the rules {@code run}'s parser applies, so one file gives the same events in every
 * command. Here a skip is counted and reported; in {@code run} it is a dead letter.
 */
public final class EventReader {
    private final InputConfig config;
    private final InputStats stats;
    private final LineDecoder decoder;

    public EventReader(InputConfig config, InputStats stats) {
        this.config = config;
        this.stats = stats;
        this.decoder = config.decoder();
    }

    /** Reads one input to its end. {@code name} appears in skip reports ("name:line"). */
    public void read(String name, InputStream in, EventHandler handler) throws IOException {
        read(name, in, handler, null);
    }

    /** As {@link #read(String, InputStream, EventHandler)}, calling {@code progress} after every line. */
    public void read(String name, InputStream in, EventHandler handler, Runnable progress) throws IOException {
        LineReader reader = new LineReader(in, config.maxLineBytes());
        decoder.startInput(name);
        long lastBytes = 0;
        while (reader.next()) {
            long lineNumber = stats.nextLine();
            SkipReason skip = decoder.decode(name, reader.text());
            if (reader.truncated() || decoder.truncated()) {
                stats.flag(LineFlag.TRUNCATED, name, lineNumber);
            }
            if (reader.invalidUtf8()) {
                stats.flag(LineFlag.INVALID_UTF8, name, lineNumber);
            }
            if (skip != null) {
                stats.skip(skip, name, lineNumber);
                handler.skipped(lineNumber, skip);
            } else {
                if (decoder.controlReplaced()) {
                    stats.flag(LineFlag.CONTROL_CHARS, name, lineNumber);
                }
                stats.event();
                handler.event(lineNumber, decoder.source(), decoder.message());
            }
            stats.bytes(reader.bytesRead() - lastBytes);
            lastBytes = reader.bytesRead();
            if (progress != null) {
                progress.run();
            }
        }
        handler.endOfInput();
    }
}
