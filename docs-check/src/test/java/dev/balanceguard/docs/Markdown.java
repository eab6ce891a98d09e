package dev.balanceguard.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The parts of the project's Markdown files that the checks read: fenced code blocks and marked sections. */
final class Markdown {

    private static final Pattern FENCE = Pattern.compile("^(\\s*)```\\s*([\\w-]*)\\s*$");

    /** A fenced block: its language, the line of its opening fence (1-based) and its lines, de-indented. */
    record Block(Path file, String language, int fenceLine, List<String> lines, Context context) {

        String where() {
            return where(fenceLine);
        }

        String where(int line) {
            return file.getFileName() + ":" + line;
        }
    }

    /**
     * The hidden comment right above a block, {@code <!-- java} … {@code -->}: its {@code import} lines and the
     * declarations the snippet may use. {@code line} is the comment's first line, or 0 when there is none.
     */
    record Context(int line, List<Line> imports, List<Line> declarations) {
        static final Context NONE = new Context(0, List.of(), List.of());
    }

    /** A line of a Markdown file and its number (1-based). */
    record Line(int number, String text) {}

    private final Path file;
    private final List<String> lines;

    private Markdown(Path file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    static Markdown read(Path file) {
        try {
            return new Markdown(file, Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root, as the build passes it (or the working directory's parent when run by hand). */
    static Path root() {
        String root = System.getProperty("docs.root");
        return Path.of(root == null ? ".." : root).toAbsolutePath().normalize();
    }

    /** README.md and every docs/*.md, in a stable order. */
    static List<Markdown> all() {
        Path root = root();
        List<Markdown> files = new ArrayList<>();
        files.add(read(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md"))
                    .sorted()
                    .map(Markdown::read)
                    .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    Path file() {
        return file;
    }

    List<String> lines() {
        return lines;
    }

    List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String indent = open.group(1);
            int start = i;
            List<String> body = new ArrayList<>();
            for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                String line = lines.get(i);
                body.add(line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading());
            }
            if (i == lines.size()) {
                throw new AssertionError(file.getFileName() + ":" + (start + 1) + ": the code block is never closed");
            }
            blocks.add(new Block(file, open.group(2), start + 1, List.copyOf(body), contextAbove(start)));
        }
        return blocks;
    }

    private Context contextAbove(int fence) {
        int end = fence - 1;
        if (end < 0 || !lines.get(end).strip().equals("-->")) {
            return Context.NONE;
        }
        int begin = end - 1;
        while (begin >= 0 && !lines.get(begin).strip().startsWith("<!--")) {
            begin--;
        }
        if (begin < 0 || !lines.get(begin).strip().equals("<!-- java")) {
            return Context.NONE;
        }
        List<Line> imports = new ArrayList<>();
        List<Line> declarations = new ArrayList<>();
        for (int i = begin + 1; i < end; i++) {
            Line line = new Line(i + 1, lines.get(i));
            (line.text().strip().startsWith("import ") ? imports : declarations).add(line);
        }
        return new Context(begin + 1, List.copyOf(imports), List.copyOf(declarations));
    }

    /**
     * The lines between {@code <!-- name -->} and {@code <!-- /name -->}, exclusive.
     *
     * @throws AssertionError when the markers are missing
     */
    List<String> section(String name) {
        int begin = lines.indexOf("<!-- " + name + " -->");
        int end = lines.indexOf("<!-- /" + name + " -->");
        if (begin < 0 || end < begin) {
            throw new AssertionError(
                    file.getFileName() + " has no section between <!-- " + name + " --> and <!-- /" + name + " -->");
        }
        return lines.subList(begin + 1, end);
    }

    /** The line number (1-based) of the first line of section {@code name}. */
    int sectionLine(String name) {
        return lines.indexOf("<!-- " + name + " -->") + 2;
    }
}
