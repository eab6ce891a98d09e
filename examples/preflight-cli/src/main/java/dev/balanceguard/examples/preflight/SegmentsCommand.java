package dev.balanceguard.examples.preflight;

import dev.balanceguard.cost.SegmentInfo;
import dev.balanceguard.cost.SmsSegments;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

@Command(
        name = "segments",
        mixinStandardHelpOptions = true,
        description = {
            "Counts SMS segments: reads JSON lines {\"text\": \"...\"} from stdin and prints one result "
                    + "line per input line (blank lines are skipped)."
        })
final class SegmentsCommand implements Callable<Integer> {

    @ParentCommand
    PreflightCli cli;

    @Option(
            names = "--smart-encoding",
            description = "replace look-alike characters (curly quotes, long dashes, ...) with GSM-7 ones first")
    boolean smartEncoding;

    @Option(names = "--json", description = "print {\"encoding\":...,\"segments\":N,\"units\":N} lines")
    boolean json;

    @Override
    public Integer call() {
        Inputs.Lines lines = Inputs.stdin(cli.in, Inputs.MAX_SEGMENTS_LINE);
        for (String line = lines.next(); line != null; line = lines.next()) {
            if (line.isBlank()) {
                continue;
            }
            SegmentInfo count = SmsSegments.count(text(line, lines.number()), smartEncoding);
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("encoding", count.encoding().displayName());
                result.put("segments", count.segments());
                result.put("units", count.units());
                cli.out.println(Json.line(result));
            } else {
                cli.out.printf(
                        "%s  %d segment%s  %d units%s%n",
                        count.encoding().displayName(),
                        count.segments(),
                        count.segments() == 1 ? "" : "s",
                        count.units(),
                        count.ucs2Characters().isEmpty()
                                ? ""
                                : "  (UCS-2 because of " + String.join(" ", count.ucs2Characters()) + ")");
            }
        }
        return ExitCodes.OK;
    }

    private static String text(String line, long lineNumber) {
        JsonNode node = Json.parse(line)
                .orElseThrow(() ->
                        new InputException("stdin line " + lineNumber + " is not JSON; expected {\"text\": \"...\"}"));
        JsonNode text = node.isObject() ? node.get("text") : null;
        if (text == null || !text.isString()) {
            throw new InputException("stdin line " + lineNumber + " has no string field \"text\"");
        }
        return text.asString();
    }
}
