package dev.balanceguard.benchmarks;

import dev.balanceguard.cost.SegmentInfo;
import dev.balanceguard.cost.SmsSegments;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Segment counting throughput, single thread. Each invocation counts a message of exactly {@link #UNITS} UTF-16
 * units, so the reported ops/s are UTF-16 units per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
public class SegmentsBenchmark {

    static final int UNITS = 1_000;

    private String gsm7;
    private String ucs2;

    @Setup
    public void setUp() {
        gsm7 = exactly("Hello {first}, your order #12345 has shipped! Track it at example.com/t/abc. €5 off next "
                + "time [code: SAVE5]. Reply STOP to opt out.\n");
        // Cyrillic and Devanagari with emoji: surrogate pairs, a ZWJ sequence and combining vowel signs.
        ucs2 = exactly("Привет, ваш заказ отправлен 🚚 Спасибо! नमस्ते, आपका ऑर्डर भेज दिया गया है 👨‍👩‍👧 ");
        if (gsm7.length() != UNITS || ucs2.length() != UNITS) {
            throw new IllegalStateException("benchmark texts must be " + UNITS + " units");
        }
        if (SmsSegments.count(gsm7).encoding() == SmsSegments.count(ucs2).encoding()) {
            throw new IllegalStateException("expected one GSM-7 and one UCS-2 text");
        }
    }

    private static String exactly(String pattern) {
        StringBuilder text = new StringBuilder();
        while (text.length() < UNITS) {
            text.append(pattern);
        }
        text.setLength(UNITS);
        if (Character.isHighSurrogate(text.charAt(UNITS - 1))) {
            text.setCharAt(UNITS - 1, 'x');
        }
        return text.toString();
    }

    @Benchmark
    @OperationsPerInvocation(UNITS)
    public SegmentInfo gsm7() {
        return SmsSegments.count(gsm7);
    }

    @Benchmark
    @OperationsPerInvocation(UNITS)
    public SegmentInfo ucs2() {
        return SmsSegments.count(ucs2);
    }

    /** GSM-7 text with Smart Encoding on and nothing to replace: the extra scan only. */
    @Benchmark
    @OperationsPerInvocation(UNITS)
    public SegmentInfo gsm7SmartEncoding() {
        return SmsSegments.count(gsm7, true);
    }
}
