package io.pulse.infra.prometheus;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression reads: identifiers that are not functions, keywords, labels or durations. */
final class PromQlNames {

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private PromQlNames() {
    }

    static Set<String> of(String expr) {
        String stripped = expr
                .replaceAll("\"(\\\\.|[^\"\\\\])*\"", " ")       // string literals
                .replaceAll("\\{[^}]*}", " ")                       // label matchers
                .replaceAll("\\[[^]]*]", " ")                       // range selectors
                .replaceAll("(?i)\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\b\\d+(\\.\\d+)?(e[+-]?\\d+)?\\b", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = IDENTIFIER.matcher(stripped);
        while (matcher.find()) {
            String token = matcher.group();
            int after = matcher.end();
            while (after < stripped.length() && Character.isWhitespace(stripped.charAt(after))) {
                after++;
            }
            boolean function = after < stripped.length() && stripped.charAt(after) == '(';
            if (!function && !KEYWORDS.contains(token.toLowerCase(java.util.Locale.ROOT))) {
                names.add(token);
            }
        }
        return names;
    }
}
