package io.sigdrift.pipeline.input;

import java.io.IOException;

/** Receives every line of an input, in order: as an event or as a counted skip. */
public interface EventHandler {
    /**
     * @param lineNumber line number across all inputs of the command, from 1
     * @param source     the event's source (the source field of a JSON line, else null)
     * @param text       the event text
     */
    void event(long lineNumber, String source, String text) throws IOException;

    /** The line was not an event; it is already counted in {@link InputStats}. */
    void skipped(long lineNumber, SkipReason reason) throws IOException;

    /** The input ended (multi-line joiners flush here). */
    default void endOfInput() throws IOException {}
}
