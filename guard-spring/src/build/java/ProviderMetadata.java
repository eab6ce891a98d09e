import dev.balanceguard.provider.BalanceProviders;
import dev.balanceguard.provider.ProviderSetting;
import dev.balanceguard.provider.ProviderType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Build step of guard-spring (run by the exec plugin before compiling, with the provider jars on the class path): the
 * configuration metadata of the provider settings, from the provider types' declarations. It writes the hand-written
 * {@code additional-spring-configuration-metadata.json} (args[0]) to args[1] with one property per declared key (a key
 * the file already describes is left to it) and the hints of {@code provider}; the configuration processor then merges
 * it into {@code spring-configuration-metadata.json}.
 */
public final class ProviderMetadata {

    private static final String PREFIX = "balance-guard.accounts.*.";

    private ProviderMetadata() {
    }

    public static void main(String[] args) throws IOException {
        String written = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        Map<String, ProviderType> types = BalanceProviders.types();
        if (types.isEmpty()) {
            throw new IllegalStateException("no provider type on the class path");
        }
        Map<String, List<Declared>> byKey = new LinkedHashMap<>();
        types.forEach((name, type) -> type.settings().forEach(setting -> byKey
                .computeIfAbsent(setting.key(), key -> new ArrayList<>()).add(new Declared(name, type, setting))));
        List<String> properties = new ArrayList<>();
        byKey.forEach((key, declarations) -> {
            if (!written.contains("\"" + PREFIX + key + "\"")) {
                properties.add(property(key, declarations));
            }
        });
        String hints = "    {\n      \"name\": \"" + PREFIX + "provider\",\n      \"values\": [\n"
                + types.entrySet().stream().map(type -> "        {\n          \"value\": " + json(type.getKey())
                        + ",\n          \"description\": " + json(type.getValue().description() + ": "
                        + type.getValue().settings().stream().map(ProviderSetting::key)
                                .collect(Collectors.joining(", "))
                        + ".") + "\n        }").collect(Collectors.joining(",\n"))
                + "\n      ]\n    }";
        String merged = insert(insert(written, "\"properties\": [", String.join(",\n", properties)), "\"hints\": [",
                hints);
        Path target = Path.of(args[1]);
        Files.createDirectories(target.getParent());
        Files.writeString(target, merged, StandardCharsets.UTF_8);
    }

    /** One property for a key some types declare: each type's description, whether it is required or secret. */
    private static String property(String key, List<Declared> declarations) {
        List<String> descriptions = declarations.stream().map(d -> d.setting().description()).distinct().toList();
        String names = declarations.stream().map(Declared::type).collect(Collectors.joining(", "));
        StringBuilder description = new StringBuilder(descriptions.size() == 1
                ? sentence(descriptions.get(0)) + " Read by " + names + "."
                : declarations.stream().map(d -> d.type() + ": " + sentence(d.setting().description()))
                        .collect(Collectors.joining(" ")));
        List<String> required = declarations.stream().filter(d -> d.setting().required()).map(Declared::type).toList();
        if (!required.isEmpty()) {
            description.append(" Required by ").append(String.join(", ", required)).append('.');
        }
        if (declarations.stream().anyMatch(d -> d.setting().secret())) {
            description.append(" A credential: masked by Actuator, never logged.");
        }
        List<String> defaults = declarations.stream().map(d -> d.setting().defaultValue()).distinct().toList();
        StringBuilder json = new StringBuilder("    {\n      \"name\": \"" + PREFIX + key
                + "\",\n      \"type\": \"java.lang.String\",\n      \"description\": " + json(description.toString()));
        if (declarations.size() == 1) {
            json.append(",\n      \"sourceType\": ")
                    .append(json(declarations.get(0).declaration().getClass().getName()));
        }
        if (defaults.size() == 1 && defaults.get(0) != null) {
            json.append(",\n      \"defaultValue\": ").append(json(defaults.get(0)));
        }
        return json.append("\n    }").toString();
    }

    private static String sentence(String text) {
        return text.isEmpty() || text.endsWith(".") ? text : text + ".";
    }

    private static String insert(String text, String array, String entries) {
        int at = text.indexOf(array);
        if (at < 0) {
            throw new IllegalStateException("no " + array + " in the hand-written metadata");
        }
        int end = at + array.length();
        boolean empty = text.substring(end).strip().startsWith("]");
        return text.substring(0, end) + "\n" + entries + (empty ? "\n" : ",") + text.substring(end);
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private record Declared(String type, ProviderType declaration, ProviderSetting setting) {
    }
}
