package dev.balanceguard.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Compares segment counting and grapheme clustering with corpora generated from Twilio's calculator by
 * {@code tools/segments-corpus/generate.js} (npm sms-segments-calculator 1.3.0); node is not needed here.
 */
class ReferenceCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void segmentsMatchTheCalculatorOnEveryCorpusMessage() throws IOException {
        List<JsonNode> cases = read("/cost/segments-corpus.jsonl");
        assertThat(cases).hasSizeGreaterThan(10_000);
        List<String> mismatches = new ArrayList<>();
        int ucs2 = 0;
        int concatenated = 0;
        for (JsonNode c : cases) {
            String text = c.get("text").asString();
            boolean smart = c.get("smart").asBoolean();
            SegmentInfo info = SmsSegments.count(text, smart);
            List<String> nonGsm = new ArrayList<>();
            c.get("nonGsm").forEach(n -> nonGsm.add(n.asString()));
            String expected = c.get("encoding").asString() + "/"
                    + c.get("segments").asInt() + "/" + c.get("units").asInt() + "/" + nonGsm;
            String actual = info.encoding().displayName() + "/" + info.segments() + "/" + info.units() + "/"
                    + info.ucs2Characters();
            if (!expected.equals(actual)) {
                mismatches.add((smart ? "smart " : "") + escape(text) + ": expected " + expected + " got " + actual);
            }
            ucs2 += info.encoding() == Encoding.UCS_2 ? 1 : 0;
            concatenated += info.segments() > 1 ? 1 : 0;
        }
        assertThat(mismatches).as("%d mismatches", mismatches.size()).isEmpty();
        // The corpus exercises both encodings and concatenation heavily.
        assertThat(ucs2).isGreaterThan(2_000);
        assertThat(concatenated).isGreaterThan(3_000);
    }

    @Test
    void graphemeClustersMatchTheCalculatorsSplitter() throws IOException {
        List<JsonNode> cases = read("/cost/graphemes-corpus.jsonl");
        assertThat(cases).hasSizeGreaterThan(18_000);
        List<String> mismatches = new ArrayList<>();
        for (JsonNode c : cases) {
            String text = c.get("text").asString();
            List<Integer> expected = new ArrayList<>();
            c.get("lengths").forEach(n -> expected.add(n.asInt()));
            List<Integer> actual = new ArrayList<>();
            for (int start = 0; start < text.length(); ) {
                int end = GraphemeClusters.clusterEnd(text, start);
                actual.add(end - start);
                start = end;
            }
            if (!expected.equals(actual)) {
                mismatches.add(escape(text) + ": expected " + expected + " got " + actual);
            }
        }
        assertThat(mismatches).as("%d mismatches", mismatches.size()).isEmpty();
    }

    private static List<JsonNode> read(String resource) throws IOException {
        List<JsonNode> cases = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(ReferenceCorpusTest.class.getResourceAsStream(resource));
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank()) {
                    cases.add(JSON.readTree(line));
                }
            }
        }
        return cases;
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder("\"");
        String shown = text.length() > 60 ? text.substring(0, 60) + "..(" + text.length() + ")" : text;
        shown.chars()
                .forEach(ch ->
                        out.append(ch >= 0x20 && ch < 0x7f ? String.valueOf((char) ch) : String.format("\\u%04x", ch)));
        return out.append('"').toString();
    }
}
