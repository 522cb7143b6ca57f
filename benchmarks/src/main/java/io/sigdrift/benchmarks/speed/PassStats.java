package io.sigdrift.benchmarks.speed;

import java.util.Arrays;

/** Per-pass figures of one workload: throughput and allocation, summarised by median and range. */
final class PassStats {
  final String name;
  final double[] linesPerSecond;
  final double[] bytesPerLine;
  /** Lines per second of this thread's CPU time: far less sensitive than wall time to other processes. */
  final double[] linesPerCpuSecond;

  PassStats(String name, double[] linesPerSecond, double[] bytesPerLine, double[] linesPerCpuSecond) {
    this.name = name;
    this.linesPerSecond = linesPerSecond.clone();
    this.bytesPerLine = bytesPerLine.clone();
    this.linesPerCpuSecond = linesPerCpuSecond.clone();
  }

  double medianPerCpuSecond() {
    return median(linesPerCpuSecond);
  }

  int reps() {
    return linesPerSecond.length;
  }

  double median() {
    return median(linesPerSecond);
  }

  double min() {
    return Arrays.stream(linesPerSecond).min().orElse(Double.NaN);
  }

  double max() {
    return Arrays.stream(linesPerSecond).max().orElse(Double.NaN);
  }

  /** (max - min) / median: the run-to-run spread on this (noisy, shared) machine. */
  double spread() {
    return (max() - min()) / median();
  }

  double medianBytesPerLine() {
    return median(bytesPerLine);
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }
}
