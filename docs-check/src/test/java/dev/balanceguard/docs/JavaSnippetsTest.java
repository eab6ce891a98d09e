package dev.balanceguard.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.balanceguard.docs.Markdown.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every {@code java} block of README.md and docs/*.md compiles against the published modules. */
class JavaSnippetsTest {

    @Test
    void everyJavaSnippetCompiles(@TempDir Path classes) {
        List<Block> blocks = SnippetCompiler.javaBlocks(Markdown.all());
        assertThat(blocks).as("the Java blocks of README.md and docs/*.md").hasSizeGreaterThanOrEqualTo(12);
        assertThat(blocks)
                .as("files with Java blocks")
                .extracting(b -> b.file().getFileName().toString())
                .contains("README.md", "providers.md", "spring.md", "stores.md", "pricing.md");

        List<String> errors = SnippetCompiler.errors(blocks, classes);
        if (!errors.isEmpty()) {
            fail(errors.size() + " error(s) in the documentation's Java snippets (see SnippetCompiler for how a "
                    + "snippet is compiled and how to declare what it takes as given):\n" + String.join("\n", errors));
        }
    }

    @Test
    void theReadmesOneLineRunIsCompiledWithASendThatReturnsNothing() {
        Markdown readme = Markdown.read(Markdown.root().resolve("README.md"));
        Block plainJava = readme.blocks().stream()
                .filter(b -> b.language().equals("java"))
                .filter(b -> b.lines().stream()
                        .anyMatch(l -> l.contains("guard.run(\"main\", estimate, () -> send(recipients));")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "README.md has no java block with guard.run(\"main\", estimate, " + "() -> send(recipients))"));
        assertThat(plainJava.context().declarations())
                .as(plainJava.where() + ": what the snippet takes as given")
                .anySatisfy(line -> assertThat(line.text()).contains("void send(List<String> recipients)"));
    }

    @Test
    void aSnippetThatDoesNotCompileIsNamedByItsFileAndLine(@TempDir Path dir) throws IOException {
        Path page = Files.writeString(dir.resolve("broken.md"), """
                # A page

                <!-- java
                import java.util.concurrent.atomic.AtomicInteger;
                AtomicInteger sent = new AtomicInteger();
                -->
                ```java
                BalanceGuard guard = BalanceGuard.builder()
                        .account("main", SimulatorBalanceProvider.of("100.00", "USD")).build();
                guard.run("main", Money.of("1", "USD"), sent::incrementAndGet);
                guard.chek("main", Money.of("1", "USD"));
                ```

                ```java
                @RequiresBalance(min = "10")
                public void send(List<String> numbers) { }
                ```

                ```java
                public final class Campaigns {
                    String text = 42;
                }
                ```

                ```java
                int unused = undefinedHelper();
                ```
                """);

        List<String> errors = SnippetCompiler.errors(
                SnippetCompiler.javaBlocks(List.of(Markdown.read(page))), dir.resolve("classes"));

        assertThat(errors).hasSize(3);
        assertThat(errors.get(0)).startsWith("broken.md:11: cannot find symbol").contains("guard.chek(");
        assertThat(errors.get(1)).startsWith("broken.md:21: incompatible types").contains("String text = 42;");
        assertThat(errors.get(2)).startsWith("broken.md:26: cannot find symbol").contains("undefinedHelper()");
    }
}
