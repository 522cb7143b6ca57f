package io.sigdrift.signatures.reduce;

import java.util.List;

/**
 * Values seen at one parameter position of a signature.
 *
 * @param position      the engine's parameter position
 * @param type          the mask type, e.g. {@code IP}, {@code NUM}, {@code *}
 * @param events        events that carried a value at this position
 * @param distinct      distinct values counted; a lower bound when {@code exact} is false
 * @param exact         false once the bounded counter had to drop rare values: then {@code distinct}
 *                      is a lower bound and the top counts may be under-counted
 * @param top           most frequent values, highest count first
 */
public record ParameterSummary(int position, String type, long events, long distinct, boolean exact,
                               List<ValueCount> top) {

    /** "12" or "32+" for an inexact count. */
    public String distinctText() {
        return exact ? Long.toString(distinct) : distinct + "+";
    }
}
