package io.sigdrift.dashboard.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Connections to the dashboard's database with a small pool: the HTTP server answers a handful of
 * concurrent requests and the ingester holds one connection, so at most {@link #MAX_IDLE} idle connections
 * are kept (more may be open briefly under a burst; they are closed when returned to a full pool).
 * Borrowed connections are validated, so a database that restarted is reconnected instead of failing
 * every later request.
 */
public final class Database implements AutoCloseable {
    public static final int MAX_IDLE = 8;
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final String url;
    private final Dialect dialect;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(MAX_IDLE);
    private volatile boolean closed;

    public Database(String url) {
        this.dialect = Dialect.of(url);
        this.url = durable(url, dialect);
    }

    /**
     * H2 flushes a commit to its file up to WRITE_DELAY (500 ms) later, so a process killed just after a commit
     * loses it: offsets and rows roll back together (nothing is duplicated), but labels and ingest progress of
     * the last half second are gone. Commits here are whole batches, so flushing each one costs little.
     */
    static String durable(String url, Dialect dialect) {
        if (dialect != Dialect.H2 || url.toUpperCase(java.util.Locale.ROOT).contains("WRITE_DELAY")) {
            return url;
        }
        return url + ";WRITE_DELAY=0";
    }

    public Dialect dialect() {
        return dialect;
    }

    public String redactedUrl() {
        return Dialect.redact(url);
    }

    /** A connection in auto-commit mode; close it with {@link #release} (or use {@link #with}). */
    public Connection acquire() throws SQLException {
        if (closed) {
            throw new SQLException("the database pool is closed");
        }
        Connection c;
        while ((c = idle.poll()) != null) {
            if (c.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                return c;
            }
            closeQuietly(c);
        }
        c = DriverManager.getConnection(url);
        c.setAutoCommit(true);
        return c;
    }

    public void release(Connection c) {
        if (c == null) {
            return;
        }
        try {
            if (c.isClosed()) {
                return;
            }
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            closeQuietly(c);
            return;
        }
        if (closed || !idle.offer(c)) {
            closeQuietly(c);
        }
    }

    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    public <T> T with(SqlWork<T> work) throws SQLException {
        Connection c = acquire();
        try {
            return work.run(c);
        } finally {
            release(c);
        }
    }

    /** Runs work in one transaction: all of it is committed, or none. */
    public <T> T inTransaction(SqlWork<T> work) throws SQLException {
        Connection c = acquire();
        try {
            c.setAutoCommit(false);
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            release(c);
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the connection is being discarded anyway
        }
    }
}
