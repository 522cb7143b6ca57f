package io.sigdrift.pipeline.connect.tail;

import io.sigdrift.pipeline.connect.tail.TailEnumeratorState.FileMark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The enumerator's memory of files: decides, scan after scan, which files need a new split. Pure Java.
 *
 * <p>A path gets a split the first time it is seen, and never a second one: its split follows whatever file
 * sits at the path (appends, truncation, replacement). The exception is a <b>renamed</b> followed file, e.g.
 * {@code app.log} rotated to {@code app.log.1}: its lines were (or are being) read by {@code app.log}'s split, which
 * drains the old file before switching, so the new name gets no split; otherwise every rotation would read the
 * rotated file a second time. A rename is recognised like Filebeat does, by identity ({@code fileKey}: device and
 * inode): the new path holds an identity that the previous scan saw at another path which no longer holds it, and
 * the file is not smaller than it was. Known limitation (shared with Filebeat): a deleted file's inode reused by a
 * brand-new file of at least the same size under a new name between two scans is taken for a rename and not read.
 * Without identities (file systems without {@code fileKey}) there is no rename detection and a rotated file is read
 * again under its new name.
 *
 * <p>Bound: {@link TailSettings#maxTrackedFiles()} paths; beyond it new files are ignored (counted, warned once).
 */
final class FileTable {
    private final Map<String, FileMark> files;
    private final int maxTracked;
    private long renames;
    private long ignored;

    FileTable(Map<String, FileMark> files, int maxTracked) {
        this.files = new LinkedHashMap<>(files);
        this.maxTracked = maxTracked;
    }

    /** Applies one scan; returns the splits to create (offset 0), in scan order. */
    List<TailSplit> update(List<FileScanner.Seen> scan) {
        Map<String, String> pathOfIdentity = new HashMap<>();
        for (Map.Entry<String, FileMark> e : files.entrySet()) {
            if (e.getValue().identity() != null) {
                pathOfIdentity.put(e.getValue().identity(), e.getKey());
            }
        }
        Map<String, FileScanner.Seen> seenByPath = new HashMap<>();
        for (FileScanner.Seen s : scan) {
            seenByPath.put(s.path(), s);
        }
        List<TailSplit> created = new ArrayList<>();
        for (FileScanner.Seen s : scan) {
            FileMark known = files.get(s.path());
            if (known != null && (known.assigned() || java.util.Objects.equals(known.identity(), s.identity()))) {
                files.put(s.path(), new FileMark(s.identity(), s.size(), known.assigned()));
                continue;
            }
            if (known == null && files.size() >= maxTracked) {
                ignored++;
                continue;
            }
            boolean renamed = renamedFrom(s, pathOfIdentity, seenByPath);
            if (renamed) {
                renames++;
            } else {
                created.add(new TailSplit(s.path(), 0, s.identity()));
            }
            files.put(s.path(), new FileMark(s.identity(), s.size(), !renamed));
        }
        return created;
    }

    private boolean renamedFrom(FileScanner.Seen s, Map<String, String> pathOfIdentity, Map<String, FileScanner.Seen> seenByPath) {
        if (s.identity() == null) {
            return false;
        }
        String from = pathOfIdentity.get(s.identity());
        if (from == null || from.equals(s.path())) {
            return false;
        }
        FileScanner.Seen nowAtFrom = seenByPath.get(from);
        boolean leftItsPath = nowAtFrom == null || !s.identity().equals(nowAtFrom.identity());
        return leftItsPath && s.size() >= files.get(from).size();
    }

    Map<String, FileMark> files() {
        return files;
    }

    long renames() {
        return renames;
    }

    /** New files not tracked because the table is full. */
    long ignored() {
        return ignored;
    }
}
