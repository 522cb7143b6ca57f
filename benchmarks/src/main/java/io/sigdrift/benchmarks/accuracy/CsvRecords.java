package io.sigdrift.benchmarks.accuracy;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 CSV reader: quoted fields, doubled quotes inside quotes, commas and (for completeness)
 * newlines inside quoted fields. Enough for the Loghub structured files, without a dependency.
 */
public final class CsvRecords {
    private CsvRecords() {
    }

    /** All records of the file including the header row. */
    public static List<List<String>> read(Path file) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean inQuotes = false;
            boolean any = false;
            int ch;
            while ((ch = r.read()) != -1) {
                char c = (char) ch;
                any = true;
                if (inQuotes) {
                    if (c == '"') {
                        r.mark(1);
                        int next = r.read();
                        if (next == '"') {
                            field.append('"');
                        } else {
                            inQuotes = false;
                            if (next != -1) {
                                r.reset();
                            }
                        }
                    } else {
                        field.append(c);
                    }
                } else if (c == '"' && field.length() == 0) {
                    inQuotes = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r') {
                        r.mark(1);
                        if (r.read() != '\n') {
                            r.reset();
                        }
                    }
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    any = false;
                } else {
                    field.append(c);
                }
            }
            if (any) {
                row.add(field.toString());
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            throw new IOException("empty CSV file " + file);
        }
        if (rows.get(0).size() > 0 && rows.get(0).get(0).startsWith("\uFEFF")) {
            rows.get(0).set(0, rows.get(0).get(0).substring(1));
        }
        return rows;
    }
}
