package io.sigdrift.benchmarks.speed;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Minimal RFC 4180 CSV reader: comma-separated fields, fields optionally enclosed in double quotes,
 * {@code ""} inside a quoted field is one quote, and a quoted field may span lines (the line break
 * is kept as {@code \n}). Enough for the Loghub structured files, whose Content column quotes every
 * message that holds a comma or a quote; splitting on commas would cut those messages apart.
 */
final class CsvRecordReader {
  private final BufferedReader in;
  private final String name;
  private long lineNumber;

  CsvRecordReader(BufferedReader in, String name) {
    this.in = in;
    this.name = name;
  }

  /** The next record's fields, or null at end of input. */
  List<String> next() throws IOException {
    String line = in.readLine();
    if (line == null) {
      return null;
    }
    lineNumber++;
    long recordStart = lineNumber;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean fieldWasQuoted = false;
    int i = 0;
    while (true) {
      if (i == line.length()) {
        if (!quoted) {
          fields.add(field.toString());
          return fields;
        }
        // A quoted field continues on the next physical line.
        line = in.readLine();
        if (line == null) {
          throw new IllegalArgumentException(
              name + ": unterminated quoted field in the record starting at line " + recordStart);
        }
        lineNumber++;
        field.append('\n');
        i = 0;
        continue;
      }
      char c = line.charAt(i++);
      if (quoted) {
        if (c == '"') {
          if (i < line.length() && line.charAt(i) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        fieldWasQuoted = false;
      } else if (c == '"' && field.length() == 0 && !fieldWasQuoted) {
        quoted = true;
        fieldWasQuoted = true;
      } else {
        field.append(c);
      }
    }
  }
}
