package dev.balanceguard.examples.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code demo --replicas N}: a real embedded Redis and the Twilio simulator, no network, no credentials. */
class FleetDemoTest {

    @Test
    void replicasRefuseWhatTheOthersHoldOrSpentAndShareTheFetches() {
        Cli.Result result = Cli.run(Map.of(), "demo", "--replicas", "3");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).isEmpty();
        String out = result.out();
        // balance 12, minimum 2: the fleet may hold and spend 10 together
        assertThat(DemoCommandTest.amountsNotInPlainNotation(out)).as(out).isEmpty();
        assertThat(out).contains("one Twilio account (12 USD, ", "keeping 2 USD:");
        assertThat(row(out, "replica-1", "reserve 6 USD")).containsExactly("allowed", "6 USD", "0 USD");
        assertThat(row(out, "replica-2", "reserve 5 USD")).containsExactly("BLOCKED, 4 USD left", "6 USD", "0 USD");
        assertThat(row(out, "replica-3", "reserve 4 USD")).containsExactly("allowed", "10 USD", "0 USD");
        assertThat(row(out, "replica-1", "reserve 1 USD")).containsExactly("BLOCKED, 0 USD left", "10 USD", "0 USD");
        assertThat(row(out, "replica-1", "commit 5.4 USD of its 6 USD")).containsExactly("spent", "4 USD", "5.4 USD");
        assertThat(row(out, "replica-2", "reserve 0.6 USD")).containsExactly("allowed", "4.6 USD", "5.4 USD");
        assertThat(row(out, "all", "release the rest")).containsExactly("-", "0 USD", "5.4 USD");

        Matcher fetches = Pattern.compile(
                        "checks on 3 replicas over 3 refresh intervals of 1 s asked Twilio (\\d+) " + "times?")
                .matcher(out);
        assertThat(fetches.find()).as(out).isTrue();
        // fetches start at least an interval apart on Redis' clock: at most one per interval, plus the one due
        // when the checks began
        assertThat(Integer.parseInt(fetches.group(1))).isLessThanOrEqualTo(4);
    }

    @Test
    void oneReplicaIsNoFleet() {
        Cli.Result result = Cli.run(Map.of(), "demo", "--replicas", "1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--replicas must be between 2 and 10");
    }

    /** The decision and the fleet's holds and spend in the table row of {@code replica}'s {@code step}. */
    private static List<String> row(String out, String replica, String step) {
        return out.lines()
                .map(line -> List.of(line.split(" {2,}")))
                .filter(cells -> cells.size() == 5
                        && cells.get(0).equals(replica)
                        && cells.get(1).equals(step))
                .map(cells -> cells.subList(2, 5))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row '" + replica + " " + step + "' in\n" + out));
    }
}
