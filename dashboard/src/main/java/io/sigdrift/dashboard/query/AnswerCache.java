package io.sigdrift.dashboard.query;

import io.sigdrift.dashboard.store.DataGeneration;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers of range queries (a top list, a compare) remembered with the {@link DataGeneration} they were
 * computed at, and given again only while the generation has not moved: the page and scripts ask for the
 * same closed ranges over and over (every 10 s while the page is open), and a week's answer costs tens of
 * milliseconds of CPU while checking the generation is one primary-key read. Any committed ingest batch,
 * rollup or retention pass moves the generation, so a remembered answer is never staler than the database.
 *
 * <p>Bounded: the {@link #MAX_ANSWERS} most recently used answers (each at most {@code MAX_LIMIT} rows of
 * {@code MAX_BUCKETS} buckets). Answers are immutable records shared between requests. Thread-safe.
 */
final class AnswerCache {
    static final int MAX_ANSWERS = 64;

    /** Computes an answer on the caller's connection. */
    interface Compute<T> {
        T get() throws SQLException;
    }

    private record Entry(long generation, Object answer) {}

    private final Map<Object, Entry> answers = new LinkedHashMap<>(MAX_ANSWERS * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Entry> eldest) {
            return size() > MAX_ANSWERS;
        }
    };

    /**
     * The answer remembered for {@code key} (a list of the query's parameters) at the current generation, or a new one. The generation is read
     * before computing, so an answer kept under G holds at least G's data (a change committed meanwhile moves
     * the generation past G and the next request computes again).
     */
    @SuppressWarnings("unchecked")
    <T> T get(Connection c, Object key, Compute<T> compute) throws SQLException {
        long generation = DataGeneration.read(c);
        synchronized (this) {
            Entry e = answers.get(key);
            if (e != null && e.generation() == generation) {
                return (T) e.answer();
            }
        }
        T answer = compute.get();
        synchronized (this) {
            answers.put(key, new Entry(generation, answer));
        }
        return answer;
    }
}
