package io.sigdrift.benchmarks.speed;

import io.sigdrift.signatures.EngineConfig;
import io.sigdrift.signatures.EngineStateCodec;
import io.sigdrift.signatures.EngineStats;
import io.sigdrift.signatures.SignatureEngine;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Random;

/**
 * Retained heap per signature: heap in use after full collections, before and after building an
 * engine (kept reachable while measured), divided by its signature count. Lines are fed as fresh
 * copies so that whatever the engine keeps of a line (e.g. its example) is counted, as it would be
 * when lines come from a reader, rather than shared with the benchmark's stream array.
 * Also reports the engine's state size ({@link EngineStateCodec} JSON bytes) per signature.
 */
final class EngineMemory {
  static final long TARGET_BYTES_PER_SIGNATURE = 1024;
  /** Tokens of random unique lines: about the stream's mean line length. */
  static final int RANDOM_LINE_TOKENS = 12;

  private EngineMemory() {}

  static void report(LogStream stream, long seed, PrintStream out) throws InterruptedException {
    out.printf("%-48s %10s %10s %14s %12s %12s%n", "retained memory", "signatures", "evicted",
        "heap B/sig", "state B/sig", "vs 1 KiB");

    long h0 = usedHeapAfterGc();
    SignatureEngine one = new SignatureEngine(EngineConfig.defaults());
    for (String line : stream.lines()) {
      one.add(copy(line));
    }
    long h1 = usedHeapAfterGc();
    row(out, "stream, one engine", one.stats(), h1 - h0, stateBytes(one));
    Reference.reachabilityFence(one);
    one = null;

    h0 = usedHeapAfterGc();
    SignatureEngine[] per = new SignatureEngine[stream.sourceNames().size()];
    for (int i = 0; i < per.length; i++) {
      per[i] = new SignatureEngine(EngineConfig.defaults());
    }
    for (int i = 0; i < stream.size(); i++) {
      per[stream.sources()[i]].add(copy(stream.lines()[i]));
    }
    h1 = usedHeapAfterGc();
    long sigs = 0;
    long evicted = 0;
    long state = 0;
    for (SignatureEngine e : per) {
      sigs += e.stats().signatures();
      evicted += e.stats().evicted();
      state += stateBytes(e);
    }
    row(out, "stream, engine per source (" + per.length + " engines)", sigs, evicted, h1 - h0, state);
    Reference.reachabilityFence(per);
    per = null;

    // Random unique lines: every line is a new template, so the engine fills to its bound and must then
    // evict; memory after twice the bound must stay where it was at the bound.
    int bound = EngineConfig.defaults().maxSignatures();
    Random rnd = new Random(seed);
    h0 = usedHeapAfterGc();
    SignatureEngine random = new SignatureEngine(EngineConfig.defaults());
    for (int i = 0; i < bound; i++) {
      random.add(randomUniqueLine(rnd));
    }
    h1 = usedHeapAfterGc();
    row(out, "random unique lines x " + bound + " (= bound)", random.stats(), h1 - h0, stateBytes(random));
    for (int i = 0; i < bound; i++) {
      random.add(randomUniqueLine(rnd));
    }
    long h2 = usedHeapAfterGc();
    row(out, "random unique lines x " + 2 * bound + " (2x bound)", random.stats(), h2 - h0, stateBytes(random));
    out.printf("heap growth from 1x to 2x the bound: %,d bytes (%.1f%%)%n", h2 - h1, 100.0 * (h2 - h1) / Math.max(1, h1 - h0));
    Reference.reachabilityFence(random);
  }

  private static void row(PrintStream out, String name, EngineStats s, long heap, long state) {
    row(out, name, s.signatures(), s.evicted(), heap, state);
  }

  private static void row(PrintStream out, String name, long sigs, long evicted, long heap, long state) {
    double perSig = sigs == 0 ? Double.NaN : (double) heap / sigs;
    out.printf("%-48s %,10d %,10d %,14.0f %,12.0f %12s%n", name, sigs, evicted, perSig,
        sigs == 0 ? Double.NaN : (double) state / sigs,
        perSig <= TARGET_BYTES_PER_SIGNATURE ? "MEETS" : "MISSES");
  }

  private static long stateBytes(SignatureEngine e) {
    return EngineStateCodec.write(e.snapshot()).length;
  }

  /** A copy that shares no storage with {@code s}. */
  static String copy(String s) {
    return new String(s.toCharArray());
  }

  /**
   * A line of random lowercase words from g..z (no hex digits, no digits at all, so no masker turns a
   * word into a variable): with 12 words of 3..10 letters, two lines practically never share a template.
   */
  static String randomUniqueLine(Random rnd) {
    StringBuilder b = new StringBuilder(96);
    for (int t = 0; t < RANDOM_LINE_TOKENS; t++) {
      if (t > 0) {
        b.append(' ');
      }
      int len = 3 + rnd.nextInt(8);
      for (int i = 0; i < len; i++) {
        b.append((char) ('g' + rnd.nextInt(20)));
      }
    }
    return b.toString();
  }

  /** Heap in use after full collections, once two readings agree (G1 may need more than one cycle). */
  static long usedHeapAfterGc() throws InterruptedException {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long prev = -1;
    for (int i = 0; i < 10; i++) {
      System.gc();
      Thread.sleep(30);
      long used = mem.getHeapMemoryUsage().getUsed();
      if (prev >= 0 && Math.abs(used - prev) < 32 * 1024) {
        return used;
      }
      prev = used;
    }
    return prev;
  }
}
