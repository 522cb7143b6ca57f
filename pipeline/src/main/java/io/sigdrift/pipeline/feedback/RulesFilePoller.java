package io.sigdrift.pipeline.feedback;

import io.sigdrift.pipeline.record.RawLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Re-reads the rules file ({@code --rules FILE}) at most once per poll: each poll yields the file's text when it
 * changed since the last poll, a record with no text when it did not (dropped by {@link FeedbackParseFunction}),
 * or an error record when it cannot be read (reported once per distinct error). Runs as a rate-limited
 * {@link DataGeneratorSource} at parallelism 1: polling a small local file needs no split enumeration, and after a
 * restore the first poll sends the file again, which the operator ignores when its digest is the one in force.
 *
 * <p>Write the rules file atomically (write a temporary file, then rename it over the old one): a poll that catches
 * a half-written file rejects it (the last good rules stay) and accepts the complete file at the next poll.
 */
public final class RulesFilePoller implements GeneratorFunction<Long, RawLine> {
    private static final long serialVersionUID = 1L;
    static final String ORIGIN_PREFIX = "rules:";
    public static final double POLLS_PER_SECOND = 1.0;

    private final String path;
    private transient String lastText;
    private transient String lastError;

    public RulesFilePoller(Path path) {
        this.path = path.toAbsolutePath().normalize().toString();
    }

    /**
     * The source: one poll per second until cancelled, or a single read when {@code bounded} (a bounded run
     * reads its rules once at the start).
     */
    public static DataGeneratorSource<RawLine> source(Path file, boolean bounded) {
        return new DataGeneratorSource<>(new RulesFilePoller(file), bounded ? 1 : Long.MAX_VALUE,
                RateLimiterStrategy.perSecond(POLLS_PER_SECOND), TypeInformation.of(RawLine.class));
    }

    static boolean isRules(RawLine raw) {
        return raw.origin != null && raw.origin.startsWith(ORIGIN_PREFIX);
    }

    static String pathOf(RawLine raw) {
        return raw.origin.substring(ORIGIN_PREFIX.length());
    }

    @Override
    public RawLine map(Long poll) {
        RawLine r = new RawLine(ORIGIN_PREFIX + path, null);
        String text;
        try {
            if (Files.size(Path.of(path)) > FeedbackJson.MAX_RULES_FILE_CHARS * 4L) {
                return error(r, "the rules file is larger than " + FeedbackJson.MAX_RULES_FILE_CHARS + " characters");
            }
            text = Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return error(r, "the rules file does not exist");
        } catch (IOException | RuntimeException e) {
            return error(r, "the rules file cannot be read: " + e);
        }
        lastError = null;
        if (!text.equals(lastText)) {
            lastText = text;
            r.text = text;
        }
        return r;
    }

    private RawLine error(RawLine r, String message) {
        if (!Objects.equals(message, lastError)) {
            lastError = message;
            lastText = null;   // once readable again, its text is sent even if unchanged
            r.error = message;
        }
        return r;
    }
}
