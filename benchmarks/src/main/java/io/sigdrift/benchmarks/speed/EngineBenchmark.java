package io.sigdrift.benchmarks.speed;

import io.sigdrift.signatures.EngineConfig;
import io.sigdrift.signatures.SignatureEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH throughput of {@link SignatureEngine#add} and the two baselines over the {@link StreamGenerator}
 * stream. Run: {@code bin/bench jmh EngineBenchmark -f 1 -wi 3 -i 5 -prof gc}
 * (add {@code -p lines=200000} for a quicker run, {@code -p dataDir=DIR} for another data directory).
 *
 * <p>One operation is one line: each invocation handles the next {@value #BATCH} lines of the stream,
 * so the score is lines/s and {@code gc.alloc.rate.norm} is bytes allocated per line. The stateful
 * workloads start a fresh engine (or map) each time the cursor wraps to the stream's start, so every
 * pass over the stream includes learning its signatures, as one run of {@code bin/bench speed} (c1)
 * does; {@code engineAddWarm} keeps one engine that learned the stream in setup (steady state).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class EngineBenchmark {
  /** Lines per invocation: large enough that JMH's per-call overhead vanishes, small enough for fine timing. */
  public static final int BATCH = 10_000;

  @State(Scope.Thread)
  public static class StreamState {
    @Param("../shared/datasets")
    public String dataDir;

    @Param("1000000")
    public int lines;

    @Param("42")
    public long seed;

    String[] stream;
    byte[] sources;
    int sourceCount;
    int cursor;
    final WhitespaceTokenizer tokenizer = new WhitespaceTokenizer();
    CrudeEngine crude;
    SignatureEngine engine;
    SignatureEngine[] perSource;
    SignatureEngine warm;

    @Setup(Level.Trial)
    public void load() throws IOException {
      LogStream s = StreamGenerator.fromLoghub2k(Path.of(dataDir)).generate(lines, seed);
      // Round down to whole batches so that a wrap always falls on an invocation boundary.
      int n = Math.max(BATCH, lines - lines % BATCH);
      stream = new String[n];
      sources = new byte[n];
      for (int i = 0; i < n; i++) {
        stream[i] = s.lines()[i % s.size()];
        sources[i] = s.sources()[i % s.size()];
      }
      sourceCount = s.sourceNames().size();
      warm = new SignatureEngine(EngineConfig.defaults());
      for (String line : stream) {
        warm.add(line);
      }
      restart();
    }

    /** A fresh pass: new engines, cursor at the start. */
    void restart() {
      cursor = 0;
      crude = new CrudeEngine();
      engine = new SignatureEngine(EngineConfig.defaults());
      perSource = new SignatureEngine[sourceCount];
      for (int i = 0; i < sourceCount; i++) {
        perSource[i] = new SignatureEngine(EngineConfig.defaults());
      }
    }

    /** Start index of the next batch; restarts the pass when the stream is used up. */
    int nextBatch() {
      if (cursor + BATCH > stream.length) {
        restart();
      }
      int start = cursor;
      cursor += BATCH;
      return start;
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void tokenize(StreamState s, Blackhole bh) {
    int start = s.nextBatch();
    for (int i = start; i < start + BATCH; i++) {
      bh.consume(s.tokenizer.tokenize(s.stream[i]));
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void crudeHashCount(StreamState s, Blackhole bh) {
    int start = s.nextBatch();
    for (int i = start; i < start + BATCH; i++) {
      bh.consume(s.crude.add(s.stream[i]));
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void engineAdd(StreamState s, Blackhole bh) {
    int start = s.nextBatch();
    SignatureEngine e = s.engine;
    for (int i = start; i < start + BATCH; i++) {
      bh.consume(e.add(s.stream[i]).change());
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void engineAddPerSource(StreamState s, Blackhole bh) {
    int start = s.nextBatch();
    SignatureEngine[] engines = s.perSource;
    for (int i = start; i < start + BATCH; i++) {
      bh.consume(engines[s.sources[i]].add(s.stream[i]).change());
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void engineAddWarm(StreamState s, Blackhole bh) {
    int start = s.nextBatch();
    SignatureEngine e = s.warm;
    for (int i = start; i < start + BATCH; i++) {
      bh.consume(e.add(s.stream[i]).change());
    }
  }
}
