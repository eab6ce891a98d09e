package dev.balanceguard.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.balanceguard.provider.BalanceProviders;
import dev.balanceguard.provider.ProviderSetting;
import dev.balanceguard.provider.ProviderType;
import dev.balanceguard.provider.http.HttpSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/providers.md's settings table is what the provider types on the class path declare (the built-in ones, found
 * with {@link java.util.ServiceLoader} as Spring Boot and the command-line tool find them).
 */
class ProviderSettingsTableTest {

    static final String SECTION = "provider-settings";

    @Test
    void theSettingsTableIsWhatTheProviderTypesDeclare() {
        Map<String, ProviderType> types = BalanceProviders.types();
        assertThat(types)
                .containsKeys(
                        "twilio",
                        "exotel",
                        "infobip",
                        "messagebird",
                        "vonage",
                        "plivo",
                        "telnyx",
                        "clicksend",
                        "africastalking",
                        "simulator");

        Markdown page = Markdown.read(Markdown.root().resolve("docs/providers.md"));
        List<String> documented =
                page.section(SECTION).stream().map(String::stripTrailing).toList();
        List<String> declared = table(types);
        if (!documented.equals(declared)) {
            fail("providers.md:" + page.sectionLine(SECTION) + ": the provider settings table differs from what the "
                    + "provider types declare; it should read:\n" + String.join("\n", declared));
        }
    }

    /** The table: each type's own settings, then the shared HTTP settings once, with the types that take them. */
    static List<String> table(Map<String, ProviderType> types) {
        List<String> rows = new ArrayList<>();
        rows.add("| provider | setting | | environment variable (CLI) | default | description |");
        rows.add("| --- | --- | --- | --- | --- | --- |");
        List<String> http = new ArrayList<>();
        for (ProviderType type : types.values()) {
            if (type.settings().containsAll(HttpSettings.HTTP)) {
                http.add("`" + type.name() + "`");
            }
            String first = "`" + type.name() + "`";
            for (ProviderSetting s : type.settings()) {
                if (!HttpSettings.HTTP.contains(s)) {
                    rows.add(row(first, s));
                    first = "";
                }
            }
        }
        String takers = "HTTP: " + String.join(", ", http);
        for (ProviderSetting s : HttpSettings.HTTP) {
            rows.add(row(takers, s));
            takers = "";
        }
        return rows;
    }

    private static String row(String provider, ProviderSetting s) {
        List<String> marks = new ArrayList<>();
        if (s.required()) {
            marks.add("required");
        }
        if (s.secret()) {
            marks.add("secret");
        }
        return "| " + provider + " | `" + s.key() + "` | " + String.join(", ", marks) + " | "
                + code(s.environmentVariable()) + " | " + code(s.defaultValue()) + " | "
                + s.description().replace("|", "\\|") + " |";
    }

    private static String code(String text) {
        return text == null ? "" : "`" + text + "`";
    }
}
