package io.pulse.web.pages;

import io.micronaut.context.i18n.ResourceBundleMessageSource;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;

/**
 * The UI texts, {@code i18n/messages*.properties} (English default, zh-CN): Thymeleaf's {@code #{...}} reads them
 * through this message source, and the page's scripts get the {@code js.*} keys from {@link #forScripts(Locale)}.
 */
@Singleton
public class Messages extends ResourceBundleMessageSource {

    static final String BUNDLE = "i18n.messages";
    private static final String SCRIPT_PREFIX = "js.";

    Messages() {
        super(BUNDLE, Locale.ENGLISH);
    }

    /** The languages the UI is written in; anything else falls back to English. */
    public static String languageTag(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? "zh-CN" : "en";
    }

    /** The {@code js.*} messages without the prefix. */
    public Map<String, String> forScripts(Locale locale) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, Locale.forLanguageTag(languageTag(locale)),
                getClassLoader(), ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        Map<String, String> texts = new TreeMap<>();
        for (String key : bundle.keySet()) {
            if (key.startsWith(SCRIPT_PREFIX)) {
                texts.put(key.substring(SCRIPT_PREFIX.length()), bundle.getString(key));
            }
        }
        return texts;
    }
}
