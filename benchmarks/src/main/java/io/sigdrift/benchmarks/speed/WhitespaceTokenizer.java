package io.sigdrift.benchmarks.speed;

/**
 * Baseline (a): the least work any line-by-line engine must do, splitting a line into
 * whitespace-separated tokens. Writes token boundaries into a caller-owned array instead of creating
 * substrings, so it allocates nothing per line (a tokenizer that allocates a String per token would
 * make every engine look fast by comparison). Whitespace is any char {@code <= ' '}, as in
 * {@link String#trim()}.
 */
public final class WhitespaceTokenizer {
  private int[] bounds = new int[64];

  /** Tokenises {@code line}; token k spans {@code [start(k), end(k))}. Returns the token count. */
  public int tokenize(String line) {
    int n = 0;
    int len = line.length();
    int i = 0;
    while (i < len) {
      while (i < len && line.charAt(i) <= ' ') {
        i++;
      }
      if (i == len) {
        break;
      }
      int start = i;
      while (i < len && line.charAt(i) > ' ') {
        i++;
      }
      if (2 * n + 2 > bounds.length) {
        bounds = java.util.Arrays.copyOf(bounds, bounds.length * 2); // rare: amortised away after warm-up
      }
      bounds[2 * n] = start;
      bounds[2 * n + 1] = i;
      n++;
    }
    return n;
  }

  public int start(int token) {
    return bounds[2 * token];
  }

  public int end(int token) {
    return bounds[2 * token + 1];
  }
}
