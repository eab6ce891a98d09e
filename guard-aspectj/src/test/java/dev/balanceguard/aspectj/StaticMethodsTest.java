package dev.balanceguard.aspectj;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.aspectj.bridge.IMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A static method is never guarded: ajc says so where an annotation would let a reader think otherwise. */
class StaticMethodsTest {

    private static final String WARNING = "@RequiresBalance on the class guards its public instance methods, not this "
            + "static method, which runs unguarded: make it an instance method, or move it out of the class";

    @TempDir
    Path dir;

    @Test
    void aClassLevelAnnotationOverAPublicStaticMethodIsAWeaveWarning() throws Exception {
        Ajc.Result result = Ajc.compile(
                dir,
                true,
                Map.of(
                        "fixture/Digest.java", """
                        package fixture;

                        import dev.balanceguard.annotation.RequiresBalance;

                        @RequiresBalance(min = "50")
                        public class Digest {
                            public void send() {
                            }

                            public static Digest create() {
                                return new Digest();
                            }

                            static void housekeeping() {
                            }
                        }
                        """,
                        "fixture/Campaign.java", """
                        package fixture;

                        import dev.balanceguard.annotation.RequiresBalance;
                        import java.lang.annotation.Retention;
                        import java.lang.annotation.RetentionPolicy;

                        @Retention(RetentionPolicy.RUNTIME)
                        @RequiresBalance(min = "10")
                        public @interface Campaign {
                        }
                        """,
                        "fixture/Newsletter.java", """
                        package fixture;

                        @Campaign
                        public class Newsletter {
                            public static void main(String[] args) {
                            }
                        }
                        """));

        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).extracting(IMessage::getMessage).containsOnly(WARNING);
        assertThat(result.warnings())
                .extracting(w -> Path.of(w.getSourceLocation().getSourceFile().getPath())
                                .getFileName() + ":" + w.getSourceLocation().getLine())
                .containsExactlyInAnyOrder("Digest.java:10", "Newsletter.java:5");
    }

    @Test
    void anAnnotatedStaticMethodIsACompileError() throws Exception {
        Ajc.Result result = Ajc.compile(dir, true, Map.of("fixture/Reports.java", """
                package fixture;

                import dev.balanceguard.annotation.RequiresBalance;

                public class Reports {
                    @RequiresBalance(min = "5")
                    public static void nightly() {
                    }
                }
                """));

        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.getMessage())
                    .isEqualTo("@RequiresBalance cannot guard a static method: make it an instance " + "method");
            assertThat(e.getSourceLocation().getLine()).isEqualTo(7);
        });
    }
}
