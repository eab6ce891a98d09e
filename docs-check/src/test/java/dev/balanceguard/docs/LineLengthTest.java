package dev.balanceguard.docs;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No line of the repository's own sources is longer than 120 characters (code points, so a line of emoji or
 * Devanagari counts what one sees): palantir-java-format keeps Java code within it, but not comments, string
 * literals, text blocks, Lua, SQL or the POMs.
 */
class LineLengthTest {

    static final int LIMIT = 120;

    private static final Set<String> SKIPPED = Set.of("target", ".git");
    private static final List<String> SUFFIXES = List.of(".java", ".aj", ".lua", ".sql");

    @Test
    void noSourceLineIsLongerThan120Characters() throws IOException {
        Path root = Markdown.root();
        List<Path> sources = sources(root);
        if (sources.stream().noneMatch(p -> p.endsWith("pom.xml"))) {
            fail("no source found under " + root + ": is docs.root the repository's root?");
        }
        List<String> offenders = new ArrayList<>();
        for (Path file : sources) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int length = line.codePointCount(0, line.length());
                if (length > LIMIT) {
                    offenders.add(root.relativize(file) + ":" + (i + 1) + ": " + length);
                }
            }
        }
        if (!offenders.isEmpty()) {
            fail(offenders.size() + " line(s) longer than " + LIMIT + " characters (file:line: length); wrap "
                    + "comments, split strings with + or a text block:\n" + String.join("\n", offenders));
        }
    }

    /** The *.java, *.aj, *.lua, *.sql and pom.xml files under the root, outside target/ and .git/, sorted. */
    static List<Path> sources(Path root) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                Path name = dir.getFileName();
                return name != null && SKIPPED.contains(name.toString())
                        ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = file.getFileName().toString();
                if (name.equals("pom.xml") || SUFFIXES.stream().anyMatch(name::endsWith)) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(null);
        return found;
    }
}
