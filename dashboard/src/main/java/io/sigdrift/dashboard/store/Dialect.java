package io.sigdrift.dashboard.store;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The few statements that differ between the embedded database (H2) and PostgreSQL. Everything else is
 * plain SQL both accept; times are stored as epoch milliseconds (BIGINT) so that range arithmetic and
 * bucketing ({@code (t - ?) / ?}) are the same integer expressions on both.
 */
public enum Dialect {
    H2,
    POSTGRESQL;

    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("--db must be a jdbc:h2: or jdbc:postgresql: URL, was " + redact(jdbcUrl));
    }

    /** An insert-or-replace of one row by its key; parameters in the order of {@code columns}. */
    public String upsert(String table, List<String> columns, List<String> keys) {
        String cols = String.join(", ", columns);
        String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        if (this == H2) {
            return "MERGE INTO " + table + " (" + cols + ") KEY (" + String.join(", ", keys) + ") VALUES (" + marks + ")";
        }
        String updates = columns.stream().filter(c -> !keys.contains(c)).map(c -> c + " = EXCLUDED." + c)
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ") ON CONFLICT (" + String.join(", ", keys)
                + ") DO " + (updates.isEmpty() ? "NOTHING" : "UPDATE SET " + updates);
    }

    public String upsert(String table, String[] columns, String... keys) {
        return upsert(table, Arrays.asList(columns), Arrays.asList(keys));
    }

    /** Case-insensitive substring match of a column against a bound pattern. */
    public String containsIgnoreCase(String column) {
        return "LOWER(" + column + ") LIKE ? ESCAPE '\\'";
    }

    /** The URL without credentials, for messages. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*:[^/@]*@", "//***@");
    }
}
