package io.sigdrift.signatures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The user-defined masks of one engine, in priority order (the first mask whose pattern matches a token wins).
 * Immutable; part of {@link EngineConfig} because they decide templates and therefore ids: the same masks give
 * the same templates and ids in every run, and the engine state records them (see {@link SignatureEngine#restore}).
 *
 * <p>At most {@link #MAX_MASKS}: each mask is one marker char of the template alphabet (see {@link MaskType}).
 */
public final class UserMasks {
    /** Masks per engine: the number of marker chars reserved for them. */
    public static final int MAX_MASKS = MaskType.MAX_USER_MARKERS;
    private static final UserMasks NONE = new UserMasks(List.of());

    private final List<UserMask> masks;
    private final boolean digitBlind;

    private UserMasks(List<UserMask> masks) {
        this.masks = List.copyOf(masks);
        boolean blind = true;
        for (UserMask m : masks) {
            blind &= m.digitBlind();
        }
        this.digitBlind = blind;
    }

    public static UserMasks none() {
        return NONE;
    }

    /**
     * @throws IllegalArgumentException for more than {@link #MAX_MASKS} masks or a name given twice
     */
    public static UserMasks of(List<UserMask> masks) {
        if (masks.isEmpty()) {
            return NONE;
        }
        if (masks.size() > MAX_MASKS) {
            throw new IllegalArgumentException("at most " + MAX_MASKS + " masks, got " + masks.size());
        }
        Set<String> names = new HashSet<>();
        for (UserMask m : masks) {
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("mask " + m.name() + " is defined twice");
            }
        }
        return new UserMasks(masks);
    }

    /**
     * Reads a masks file: one {@code NAME=REGEX} per line; blank lines and lines starting with '#' are ignored;
     * spaces around NAME are trimmed, the pattern is taken as is (up to the end of the line).
     *
     * @param origin named in errors, e.g. the file name
     * @throws IllegalArgumentException naming origin, line number and mask for the first bad line
     */
    public static List<UserMask> parseLines(List<String> lines, String origin) {
        List<UserMask> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            String t = l.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            try {
                out.add(UserMask.parse(l.stripLeading()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(origin + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * The masks of some masks files (in order) followed by some {@code NAME=REGEX} specs (e.g. repeated
     * {@code --mask} options): how the CLI and the job build them.
     *
     * @throws IllegalArgumentException naming the file and line or the spec: unreadable file, bad line, bad
     *                                  pattern, a name defined twice, too many masks
     */
    public static UserMasks fromFilesAndSpecs(List<Path> files, List<String> specs) {
        List<UserMask> all = new ArrayList<>();
        for (Path f : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read masks file " + f + ": "
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
            }
            all.addAll(parseLines(lines, f.toString()));
        }
        for (String s : specs) {
            all.add(UserMask.parse(s));
        }
        return of(all);
    }

    /** The masks of specs as {@link #specs()} wrote them. */
    public static UserMasks fromSpecs(List<String> specs) {
        return fromFilesAndSpecs(List.of(), specs == null ? List.of() : specs);
    }

    public List<UserMask> list() {
        return masks;
    }

    public boolean isEmpty() {
        return masks.isEmpty();
    }

    public int size() {
        return masks.size();
    }

    /** Every mask's pattern treats digits alike (see {@link UserMask#digitBlind()}): the shape path stays on. */
    public boolean digitBlind() {
        return digitBlind;
    }

    /** The specs ({@code NAME=REGEX}) in order, as the engine state records them. */
    public List<String> specs() {
        List<String> out = new ArrayList<>(masks.size());
        for (UserMask m : masks) {
            out.add(m.spec());
        }
        return out;
    }

    /** The mask with this name, or null. */
    public UserMask byName(String name) {
        for (UserMask m : masks) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }

    char marker(int index) {
        return (char) (MaskType.FIRST_USER_MARKER + index);
    }

    /** The marker of the mask with this name, or 0. */
    char markerOf(String name) {
        for (int i = 0; i < masks.size(); i++) {
            if (masks.get(i).name().equals(name)) {
                return marker(i);
            }
        }
        return 0;
    }

    /** The name of a user marker; "*" (unknown) for a marker beyond this set, which a restore never produces. */
    String label(char marker) {
        int i = marker - MaskType.FIRST_USER_MARKER;
        return i >= 0 && i < masks.size() ? masks.get(i).name() : MaskType.ANY.label();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserMasks u && u.masks.equals(masks);
    }

    @Override
    public int hashCode() {
        return masks.hashCode();
    }

    @Override
    public String toString() {
        return masks.toString();
    }
}
