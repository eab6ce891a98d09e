package dev.balanceguard.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PriceRunsTest {

    @Test
    void replaysEveryRunInOrderAcrossChunks() {
        Random random = new Random(7);
        PriceRuns runs = new PriceRuns();
        List<long[]> expected = new ArrayList<>();
        int previous = -1;
        for (int i = 0; i < 300_000; i++) {
            int priceClass = random.nextInt(5_000);
            if (priceClass == previous) {
                continue;
            }
            long length = random.nextInt(10) == 0 ? 1L + random.nextInt(Integer.MAX_VALUE) * 7L : 1 + random.nextInt(3);
            if (length <= 3) {
                for (int k = 0; k < length; k++) {
                    runs.add(priceClass);
                }
            } else {
                runs.add(priceClass, length);
            }
            expected.add(new long[] {priceClass, length});
            previous = priceClass;
        }
        runs.finish();
        List<long[]> replayed = new ArrayList<>();
        runs.forEach((priceClass, length) -> replayed.add(new long[] {priceClass, length}));
        assertThat(replayed).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(replayed.get(i)).as("run %d", i).containsExactly(expected.get(i));
        }
    }

    @Test
    void stopsWhenTheVisitorSaysSo() {
        PriceRuns runs = new PriceRuns();
        runs.add(1);
        runs.add(2);
        runs.add(3);
        runs.finish();
        List<Integer> seen = new ArrayList<>();
        runs.forEach((priceClass, length) -> seen.add(priceClass) && priceClass < 2);
        assertThat(seen).containsExactly(1, 2);
    }
}
