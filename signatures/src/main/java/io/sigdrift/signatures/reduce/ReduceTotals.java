package io.sigdrift.signatures.reduce;

/**
 * Totals of a LogReduce run.
 *
 * @param events            events learned
 * @param signatures        signatures reported (final ids still tracked)
 * @param evictedSignatures signatures dropped by the bounds (engine LRU + tally bound); their events
 *                          are in {@code evictedEvents}, never silently lost
 * @param evictedEvents     events of evicted signatures
 * @param truncatedEvents   events the engine cut to its maximum line length / token count
 * @param generalisations   template updates seen (an id replaced by a more general one)
 */
public record ReduceTotals(long events, long signatures, long evictedSignatures, long evictedEvents,
                           long truncatedEvents, long generalisations) {}
