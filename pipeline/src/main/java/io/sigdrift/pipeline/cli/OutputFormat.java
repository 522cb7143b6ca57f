package io.sigdrift.pipeline.cli;

/** Report formats of reduce and compare. */
public enum OutputFormat {
    TABLE, JSON, CSV
}
