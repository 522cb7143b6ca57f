package io.sigdrift.signatures.reduce;

/** One parameter value and how many events carried it. */
public record ValueCount(String value, long count) {}
