package io.sigdrift.pipeline.connect.tail;

import java.util.List;
import java.util.Map;

/**
 * The enumerator's checkpoint: every path seen so far (never forgotten, bounded by
 * {@link TailSettings#maxTrackedFiles()}) and the splits discovered but not yet handed to a reader.
 *
 * @param files   path → what the last scan saw there, in discovery order
 * @param pending splits waiting for their reader to register
 */
public record TailEnumeratorState(Map<String, FileMark> files, List<TailSplit> pending) {

    /**
     * @param identity  {@code fileKey} at the last scan, or null
     * @param size      size at the last scan (a renamed file is never smaller than it was)
     * @param assigned  whether a split was created for the path (false: the path only ever held a file renamed
     *                  from another followed path, e.g. {@code app.log.1}, whose lines the original split read)
     */
    public record FileMark(String identity, long size, boolean assigned) {}
}
