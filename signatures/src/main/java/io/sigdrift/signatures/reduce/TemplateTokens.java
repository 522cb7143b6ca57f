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
}
