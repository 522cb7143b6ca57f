package io.sigdrift.signatures;

/**
 * One parameter value of a line under its signature.
 *
 * @param position index of the template token that holds the mask (0-based)
 * @param type     the mask type label: {@code "IP"}, {@code "NUM"}, {@code "HEX"}, {@code "*"}, ...
 * @param value    the text of the line at that mask
 */
public record Parameter(int position, String type, String value) {
}
