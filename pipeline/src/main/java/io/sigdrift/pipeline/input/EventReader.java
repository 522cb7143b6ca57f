package io.sigdrift.pipeline.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads plain-text or JSON-lines inputs into events, counting every line in {@link InputStats}.
 *
 * <p>Plain text: each line is an event. JSON lines: each line is an object whose message field (default
 * {@code message}, then {@code msg}, then {@code log}; a dotted name like {@code log.message} walks into
 * nested objects) is the event; a line that does not parse is skipped as MALFORMED_JSON, an object without
 * a usable message as NO_MESSAGE. With {@link InputFormat#AUTO} an input is JSON when its first non-blank
 * line starts with '{'. Blank, binary and repaired lines: see {@link LineCleaner} and {@link LineReader}.
 */
public final class EventReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InputConfig config;
    private final InputStats stats;
    private final LineCleaner cleaner;

    public EventReader(InputConfig config, InputStats stats) {
        this.config = config;
        this.stats = stats;
        this.cleaner = new LineCleaner(config.binaryShare());
    }

    /** Reads one input to its end. {@code name} appears in skip reports ("name:line"). */
    public void read(String name, InputStream in, EventHandler handler) throws IOException {
        read(name, in, handler, null);
    }

    /** As {@link #read(String, InputStream, EventHandler)}, calling {@code progress} after every line. */
    public void read(String name, InputStream in, EventHandler handler, Runnable progress) throws IOException {
        LineReader reader = new LineReader(in, config.maxLineBytes());
        InputFormat format = config.format();
        long lastBytes = 0;
        while (reader.next()) {
            long lineNumber = stats.nextLine();
            if (reader.truncated()) {
                stats.flag(LineFlag.TRUNCATED, name, lineNumber);
            }
            if (reader.invalidUtf8()) {
                stats.flag(LineFlag.INVALID_UTF8, name, lineNumber);
            }
            String raw = reader.text();
            if (format == InputFormat.AUTO && !raw.isBlank()) {
                format = raw.stripLeading().startsWith("{") ? InputFormat.JSON : InputFormat.PLAIN;
            }
            if (format == InputFormat.JSON && !raw.isBlank()) {
                jsonLine(name, lineNumber, raw, handler);
            } else {
                textEvent(name, lineNumber, null, raw, handler);
            }
            stats.bytes(reader.bytesRead() - lastBytes);
            lastBytes = reader.bytesRead();
            if (progress != null) {
                progress.run();
            }
        }
        handler.endOfInput();
    }

    private void jsonLine(String name, long lineNumber, String raw, EventHandler handler) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            stats.skip(SkipReason.MALFORMED_JSON, name, lineNumber);
            handler.skipped(lineNumber, SkipReason.MALFORMED_JSON);
            return;
        }
        String message = null;
        for (String field : config.messageFields()) {
            message = text(field(node, field));
            if (message != null) {
                break;
            }
        }
        if (message == null) {
            stats.skip(SkipReason.NO_MESSAGE, name, lineNumber);
            handler.skipped(lineNumber, SkipReason.NO_MESSAGE);
            return;
        }
        String source = null;
        if (config.sourceField() != null) {
            source = text(field(node, config.sourceField()));
            if (source == null) {
                source = "";
            }
        }
        textEvent(name, lineNumber, source, message, handler);
    }

    private void textEvent(String name, long lineNumber, String source, String raw, EventHandler handler)
            throws IOException {
        String text = cleaner.clean(raw);
        if (text == null) {
            stats.skip(cleaner.skip(), name, lineNumber);
            handler.skipped(lineNumber, cleaner.skip());
            return;
        }
        if (cleaner.controlReplaced()) {
            stats.flag(LineFlag.CONTROL_CHARS, name, lineNumber);
        }
        stats.event();
        handler.event(lineNumber, source, text);
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode direct = node.get(name);
        if (direct != null || name.indexOf('.') < 0) {
            return direct;
        }
        JsonNode cur = node;
        for (String part : name.split("\\.")) {
            cur = cur == null ? null : cur.get(part);
        }
        return cur;
    }

    /** Text of a scalar (strings as is, numbers/booleans printed); null for missing, null or containers. */
    private static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isContainerNode()) {
            return null;
        }
        return n.asText();
    }
}
