package io.sigdrift.pipeline.connect.stdin;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * Standard input as one split. Standard input cannot be rewound, so the state cannot say where to resume; it
 * counts the lines emitted, so that a restore can at least report that input was lost (see {@link StdinReader}).
 *
 * @param linesRead lines emitted before the snapshot
 */
public record StdinSplit(long linesRead) implements SourceSplit {
    public static final String ID = "stdin";

    public StdinSplit {
        if (linesRead < 0) {
            throw new IllegalArgumentException("linesRead must be >= 0, was " + linesRead);
        }
    }

    @Override
    public String splitId() {
        return ID;
    }
}
