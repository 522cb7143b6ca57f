package io.sigdrift.signatures.reduce;

/** Helpers to read a template's whitespace tokens and masks such as {@code <IP>} or {@code <*>}. */
final class TemplateTokens {
    private TemplateTokens() {}

    static String[] split(String template) {
        return template.isEmpty() ? new String[0] : template.split(" ", -1);
    }

    /** The mask type of a token that is exactly one mask ({@code "<IP>"} gives {@code "IP"}), else null. */
    static String maskType(String token) {
        int n = token.length();
        if (n < 3 || token.charAt(0) != '<' || token.charAt(n - 1) != '>') {
            return null;
        }
        for (int i = 1; i < n - 1; i++) {
            char c = token.charAt(i);
            if (!(c == '*' || c == '_' || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return null;
            }
        }
        return token.substring(1, n - 1);
    }

    /**
     * When a constant token {@code before} became {@code after} holding one mask (e.g. {@code "alice"} ->
     * {@code "<*>"}, or {@code "pam_unix(sshd:auth):"} -> {@code "<*>:"}), returns {type, value} with the part
     * of {@code before} the mask stands for; null when {@code after} has no single mask matching it.
     */
    static String[] generalisedValue(String before, String after) {
        int open = after.indexOf('<');
        if (open < 0) {
            return null;
        }
        int close = after.indexOf('>', open);
        if (close < 0 || after.indexOf('<', close) >= 0) {
            return null;
        }
        String type = maskType(after.substring(open, close + 1));
        String prefix = after.substring(0, open);
        String suffix = after.substring(close + 1);
        if (type == null || before.length() < prefix.length() + suffix.length()
                || !before.startsWith(prefix) || !before.endsWith(suffix)) {
            return null;
        }
        return new String[] {type, before.substring(prefix.length(), before.length() - suffix.length())};
    }
}
