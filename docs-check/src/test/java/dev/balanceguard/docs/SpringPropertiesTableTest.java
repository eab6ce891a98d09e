package dev.balanceguard.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.balanceguard.provider.BalanceProviders;
import dev.balanceguard.provider.ProviderSetting;
import dev.balanceguard.provider.ProviderType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/spring.md's properties table names exactly the {@code balance-guard.*} properties of guard-spring's
 * configuration metadata (generated from {@code BalanceGuardProperties} plus the additional metadata), with their
 * defaults. An account's provider settings ({@code accounts.<name>.account-sid}, …) are the provider settings
 * table's (docs/providers.md): the properties table may name them, and need not.
 */
class SpringPropertiesTableTest {

    static final String SECTION = "properties";
    private static final String PREFIX = "balance-guard.";
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void thePropertiesTableNamesEveryPropertyOfTheMetadataWithItsDefault() throws IOException {
        Map<String, String> metadata = metadata(); // name relative to balance-guard. -> default, or null
        assertThat(metadata)
                .as("balance-guard properties in the configuration metadata")
                .containsKeys("store", "enabled", "accounts.*.provider");
        Set<String> providerKeys = providerKeys();

        Markdown page = Markdown.read(Markdown.root().resolve("docs/spring.md"));
        Map<String, String> documented = documented(page.section(SECTION)); // name -> default cell
        int line = page.sectionLine(SECTION);

        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> p : metadata.entrySet()) {
            String name = p.getKey();
            if (!documented.containsKey(name)) {
                if (!providerKeys.contains(name)) {
                    problems.add("missing: " + display(name));
                }
            } else if (p.getValue() != null && !documented.get(name).contains(p.getValue())) {
                problems.add(display(name) + ": the default is " + p.getValue() + ", the table says '"
                        + documented.get(name) + "'");
            }
        }
        for (String name : documented.keySet()) {
            if (!metadata.containsKey(name) && !providerKeys.contains(name)) {
                problems.add("not a property: " + display(name));
            }
        }
        if (!problems.isEmpty()) {
            fail("spring.md:" + line + ": the properties table differs from guard-spring's configuration metadata:\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** Each {@code balance-guard.*} property of every metadata file on the class path, with its default. */
    static Map<String, String> metadata() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        Map<String, String> found = new LinkedHashMap<>();
        for (URL url : Collections.list(SpringPropertiesTableTest.class
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode p : json.readTree(in).path("properties")) {
                    String name = p.path("name").asString();
                    if (name.startsWith(PREFIX)) {
                        JsonNode value = p.path("defaultValue");
                        found.put(
                                name.substring(PREFIX.length()),
                                value.isMissingNode() || value.isNull() ? null : value.asString());
                    }
                }
            }
        }
        // a map of accounts is the parent of its entries' properties, not a property to set
        found.keySet().removeIf(name -> found.keySet().stream().anyMatch(other -> other.startsWith(name + ".")));
        return found;
    }

    /** Every key a provider type declares, as an account property: {@code accounts.*.api-key}. */
    static Set<String> providerKeys() {
        Set<String> keys = new TreeSet<>();
        for (ProviderType type : BalanceProviders.types().values()) {
            for (ProviderSetting s : type.settings()) {
                keys.add("accounts.*." + s.key());
            }
        }
        return keys;
    }

    /** The properties the table's first column names (`accounts.<name>.rates=provider` names rates), by name. */
    static Map<String, String> documented(List<String> section) {
        Map<String, String> names = new LinkedHashMap<>();
        List<String> rows = section.stream().filter(l -> l.startsWith("|")).toList();
        for (String row : rows.subList(Math.min(2, rows.size()), rows.size())) { // after the header and the rule
            String[] cells = row.split("(?<!\\\\)\\|", -1);
            String defaultCell = cells.length > 2 ? cells[2].replace("`", "").strip() : "";
            Matcher m = CODE.matcher(cells[1]);
            while (m.find()) {
                String name = m.group(1).split("=", 2)[0].strip().replace("<name>", "*");
                names.putIfAbsent(name, defaultCell);
            }
        }
        return names;
    }

    private static String display(String name) {
        return PREFIX + name.replace("*", "<name>");
    }
}
