package io.sigdrift.pipeline.connect.tail;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Lists the regular files under the input paths, recursively, with the filter of Flink's FileSource
 * ({@code DefaultFileFilter}): files and directories whose name starts with {@code .} or {@code _} are skipped
 * (hidden files, {@code _checkpoints}, in-progress part files). Unlike FileSource, a path given explicitly is
 * read even if its own name starts with one of those. Symbolic links are followed (loops are skipped).
 * A directory that cannot be listed is returned as a failure (the enumerator logs it once) and skipped.
 */
final class FileScanner {
    /** A file as seen by one scan. */
    record Seen(String path, String identity, long size) {}

    /** One scan: the files found, and the paths that could not be visited (with the reason). */
    record Scan(List<Seen> files, List<String> failures) {}

    private FileScanner() {}

    static Scan scan(List<String> roots) {
        List<Seen> out = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String root : roots) {
            Path start = Path.of(root);
            try {
                Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                        new SimpleFileVisitor<>() {
                            @Override
                            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                                return dir.equals(start) || visible(dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                            }

                            @Override
                            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                                if (attrs.isRegularFile() && (file.equals(start) || visible(file))) {
                                    out.add(new Seen(file.toAbsolutePath().toString(), FileTail.identityOf(attrs), attrs.size()));
                                }
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFileFailed(Path file, IOException e) {
                                // e.g. a directory without read permission, a link loop, a file deleted mid-scan
                                if (!(e instanceof java.nio.file.NoSuchFileException)) {
                                    failures.add(file + " (" + e + ")");
                                }
                                return FileVisitResult.CONTINUE;
                            }
                        });
            } catch (IOException e) {
                failures.add(root + " (" + e + ")");
            }
        }
        return new Scan(out, failures);
    }

    static boolean visible(Path p) {
        Path name = p.getFileName();
        if (name == null) {
            return true;
        }
        String s = name.toString();
        return !s.isEmpty() && s.charAt(0) != '.' && s.charAt(0) != '_';
    }
}
