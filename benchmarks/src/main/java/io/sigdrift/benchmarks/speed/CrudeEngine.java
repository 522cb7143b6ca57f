package io.sigdrift.benchmarks.speed;

import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;

/**
 * Baseline (b): the crudest useful "signature engine". Each whitespace token that holds a digit is
 * replaced by one placeholder, the line's tokens are hashed into 64 bits, and the hash is counted
 * in a fastutil {@link Long2LongOpenHashMap}. No tree, no generalisation, no typed masks, no
 * example lines: it shows what the hashing and counting alone cost. Allocation-free per line once
 * the map has grown.
 *
 * <p>Unbounded on purpose (one entry per distinct digit-masked shape): it is a baseline for finite
 * benchmark streams, not a production structure.
 */
public final class CrudeEngine {
  /** Hash of a token that contains a digit (any value: it only has to differ from real tokens). */
  static final long DIGIT_TOKEN = 0x9E3779B97F4A7C15L;

  private final Long2LongOpenHashMap counts = new Long2LongOpenHashMap();

  /** Counts {@code line} and returns its signature key. */
  public long add(String line) {
    long key = key(line);
    counts.addTo(key, 1L);
    return key;
  }

  /** Events counted under {@code key} so far (0 if never seen). */
  public long count(long key) {
    return counts.get(key);
  }

  /** Distinct keys (crude signatures). */
  public int size() {
    return counts.size();
  }

  /** The 64-bit signature key of a line: whitespace runs are separators, digit tokens are masked. */
  public static long key(String line) {
    long h = 0x243F6A8885A308D3L;
    int tokens = 0;
    int len = line.length();
    int i = 0;
    while (i < len) {
      while (i < len && line.charAt(i) <= ' ') {
        i++;
      }
      if (i == len) {
        break;
      }
      long t = 0xCBF29CE484222325L; // FNV-1a over the token's chars
      boolean digit = false;
      while (i < len) {
        char c = line.charAt(i);
        if (c <= ' ') {
          break;
        }
        digit |= c >= '0' && c <= '9';
        t = (t ^ c) * 0x100000001B3L;
        i++;
      }
      h = mix(h + (digit ? DIGIT_TOKEN : t));
      tokens++;
    }
    return mix(h + tokens);
  }

  /** The finaliser of SplitMix64: spreads every input bit over the whole word. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
