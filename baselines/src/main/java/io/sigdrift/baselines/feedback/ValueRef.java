package io.sigdrift.baselines.feedback;

/**
 * A parameter value named by a label or a rule: the template token position (as in {@code Attribution#position};
 * {@link #ANY_POSITION} in a rule matches the value at any position), its mask type (informational, never matched)
 * and the raw value.
 */
public record ValueRef(int position, String type, String value) {
    public static final int ANY_POSITION = Integer.MIN_VALUE;

    public ValueRef {
        if (value == null) {
            throw new IllegalArgumentException("a value needs its 'value'");
        }
    }

    /** Whether this names the attributed value {@code v} at {@code pos}. */
    boolean matches(int pos, String v) {
        return (position == ANY_POSITION || position == pos) && value.equals(v);
    }
}
