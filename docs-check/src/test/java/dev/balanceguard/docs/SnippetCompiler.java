package dev.balanceguard.docs;

import dev.balanceguard.docs.Markdown.Block;
import dev.balanceguard.docs.Markdown.Line;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the {@code java} blocks of the documentation against this module's test class path (every published
 * module), the way a reader would paste them.
 *
 * <p>A block is compiled as one of three kinds, told apart by its text:
 * <ul>
 *   <li><b>types</b>: it declares a top-level class, interface, record or enum at column 0; it is compiled as a
 *       source file;</li>
 *   <li><b>members</b>: its first line starts with an annotation or a modifier ({@code @RequiresBalance(…) public
 *       void send(…)}); it becomes the body of a class;</li>
 *   <li><b>statements</b>: anything else; it becomes the body of a method that may throw.</li>
 * </ul>
 * Every block sees the balance-guard API packages and {@code java.util}, {@code java.time}, {@code java.math},
 * {@code java.nio.file} and {@code java.io} imported. What else it takes as given goes in a hidden comment right
 * above the block, which GitHub does not show:
 * <pre>
 * &lt;!-- java
 * import io.lettuce.core.RedisClient;
 * BalanceProvider provider;
 * void send(List&lt;String&gt; recipients) { }
 * --&gt;
 * </pre>
 * Its {@code import} lines are imports; the other lines are declarations of the enclosing class (for a block of
 * types: more top-level types).
 */
final class SnippetCompiler {

    static final List<String> IMPORTS = List.of(
            "dev.balanceguard.*",
            "dev.balanceguard.core.*",
            "dev.balanceguard.cost.*",
            "dev.balanceguard.store.*",
            "dev.balanceguard.provider.*",
            "dev.balanceguard.provider.http.*",
            "dev.balanceguard.provider.simulator.*",
            "dev.balanceguard.provider.twilio.*",
            "dev.balanceguard.provider.exotel.*",
            "dev.balanceguard.provider.infobip.*",
            "dev.balanceguard.provider.messagebird.*",
            "dev.balanceguard.provider.vonage.*",
            "dev.balanceguard.provider.plivo.*",
            "dev.balanceguard.provider.telnyx.*",
            "dev.balanceguard.provider.clicksend.*",
            "dev.balanceguard.provider.africastalking.*",
            "dev.balanceguard.pricing.*",
            "dev.balanceguard.annotation.*",
            "dev.balanceguard.aspectj.*",
            "dev.balanceguard.spring.*",
            "dev.balanceguard.redis.*",
            "dev.balanceguard.jdbc.*",
            "java.util.*",
            "java.time.*",
            "java.math.*",
            "java.nio.file.*",
            "java.io.*");

    private static final Pattern TYPE = Pattern.compile(
            "^((public|final|abstract|sealed|non-sealed)\\s+)*(class|interface|record|enum|@interface)\\s+\\w+.*");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^public\\s+((final|abstract|sealed|non-sealed)\\s+)*(class|interface|record|enum|@interface)\\s+(\\w+).*");
    private static final Pattern MEMBER =
            Pattern.compile("^(@|(public|protected|private|static|abstract|final|synchronized|default|void)\\b).*");

    private SnippetCompiler() {}

    /** The Java blocks of {@code files}. */
    static List<Block> javaBlocks(List<Markdown> files) {
        return files.stream()
                .flatMap(f -> f.blocks().stream())
                .filter(b -> b.language().equals("java"))
                .toList();
    }

    /** Compiles {@code blocks}; returns one message per error, each starting with the file and line it is on. */
    static List<String> errors(List<Block> blocks, Path output) {
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            sources.add(Source.of(blocks.get(i), "snippets.s" + (i + 1)));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            Files.createDirectories(output);
            List<String> options = List.of(
                    "--release",
                    "17",
                    "-parameters",
                    "-proc:none",
                    "-implicit:none",
                    "-classpath",
                    System.getProperty("java.class.path"),
                    "-d",
                    output.toString());
            javac.getTask(null, files, diagnostics, options, null, sources).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                Source source = (Source) d.getSource();
                errors.add(source == null ? d.getMessage(Locale.ROOT) : source.describe(d));
            }
        }
        return errors;
    }

    /** One block as a compilation unit, with the Markdown line each generated line came from (0: generated). */
    private static final class Source extends SimpleJavaFileObject {
        private final Block block;
        private final List<String> text = new ArrayList<>();
        private final List<Integer> origin = new ArrayList<>();

        private Source(Block block, String pkg) {
            super(URI.create("string:///" + pkg.replace('.', '/') + "/" + fileName(block) + ".java"), Kind.SOURCE);
            this.block = block;
        }

        static Source of(Block block, String pkg) {
            Source s = new Source(block, pkg);
            s.add("package " + pkg + ";", 0);
            IMPORTS.forEach(i -> s.add("import " + i + ";", 0));
            block.context().imports().forEach(s::add);
            List<String> code = block.lines();
            if (code.stream().anyMatch(l -> TYPE.matcher(l).matches())) {
                s.addCode();
                block.context().declarations().forEach(s::add);
            } else if (code.stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("//"))
                    .findFirst()
                    .map(l -> MEMBER.matcher(l).matches())
                    .orElse(false)) {
                s.add("class Snippet {", 0);
                block.context().declarations().forEach(s::add);
                s.addCode();
                s.add("}", 0);
            } else {
                s.add("class Snippet {", 0);
                block.context().declarations().forEach(s::add);
                s.add("void snippet() throws Exception {", 0);
                s.addCode();
                s.add("}", 0);
                s.add("}", 0);
            }
            return s;
        }

        /** A public top-level type's name, which javac wants as the file's; Snippet otherwise. */
        private static String fileName(Block block) {
            return block.lines().stream()
                    .map(PUBLIC_TYPE::matcher)
                    .filter(Matcher::matches)
                    .findFirst()
                    .map(m -> m.group(4))
                    .orElse("Snippet");
        }

        private void add(Line line) {
            add(line.text(), line.number());
        }

        private void add(String line, int markdownLine) {
            text.add(line);
            origin.add(markdownLine);
        }

        private void addCode() {
            for (int i = 0; i < block.lines().size(); i++) {
                add(block.lines().get(i), block.fenceLine() + 1 + i);
            }
        }

        String describe(Diagnostic<?> d) {
            long line = d.getLineNumber();
            int markdownLine = line >= 1 && line <= origin.size() ? origin.get((int) line - 1) : 0;
            String quoted =
                    markdownLine > 0 ? "\n    " + text.get((int) line - 1).strip() : "";
            return block.where(markdownLine > 0 ? markdownLine : block.fenceLine()) + ": " + d.getMessage(Locale.ROOT)
                    + quoted;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return String.join("\n", text) + "\n";
        }
    }
}
