package io.sigdrift.signatures;

/**
 * Receives the parameters of one event without a {@link Parameter} object or a value String per parameter:
 * the value is {@code text.substring(start, end)}, which a caller that only counts values need not build.
 */
@FunctionalInterface
public interface ParameterSink {
    /**
     * @param position index of the template token that holds the mask (0-based)
     * @param type     the mask's type label ({@code "NUM"}, {@code "IP"}, {@code "*"}, a user mask name, ...)
     * @param text     the event text
     * @param start    first char of the value in text
     * @param end      end (exclusive) of the value in text
     */
    void parameter(int position, String type, String text, int start, int end);
}
