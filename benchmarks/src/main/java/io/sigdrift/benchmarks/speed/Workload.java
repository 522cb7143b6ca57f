package io.sigdrift.benchmarks.speed;

/** One thing the speed benchmark times: a full pass over an in-memory stream. */
interface Workload {
  /** Row label in the result table. */
  String name();

  /**
   * Processes every line of {@code stream} once and returns a checksum of the work, which the caller
   * consumes so the JIT cannot drop the work as dead code.
   */
  long pass(LogStream stream) throws Exception;
}
