package dev.balanceguard.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.AmountFuzz;
import dev.balanceguard.core.BalanceGuardException;
import dev.balanceguard.core.Money;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateCardTest {

    private static final String HEADER = "channel,prefix,price,currency,increment_seconds,minimum_seconds\n";

    private static final String CONTRACT_EXAMPLE = HEADER
            + "sms,*,0.0500,USD,,\n"
            + "sms,44,0.0400,USD,,\n"
            + "sms,447,0.0450,USD,,\n"
            + "voice,91,0.0120,USD,60,60\n"
            + "voice,1,0.0140,USD,1,1\n";

    private static RateCard parse(String csv) {
        return RateCard.parse(new StringReader(csv), "rates.csv");
    }

    @Test
    void parsesTheContractExample() {
        RateCard card = parse(CONTRACT_EXAMPLE);
        assertThat(card.rates()).hasSize(5);
        assertThat(card.source()).isEqualTo("rates.csv");
        assertThat(card.currency(Channel.SMS)).contains("USD");
        Rate india = card.rateFor(Channel.VOICE, "+91 98765 43210").orElseThrow();
        assertThat(india.price()).isEqualTo(Money.of("0.012", "USD"));
        assertThat(india.incrementSeconds()).isEqualTo(60);
        assertThat(india.minimumSeconds()).isEqualTo(60);
    }

    @Test
    void longestPrefixWinsPerChannelAndTheDefaultRowCatchesTheRest() {
        RateCard card = parse(CONTRACT_EXAMPLE);
        assertThat(card.rateFor(Channel.SMS, "+447911123456").orElseThrow().prefix())
                .isEqualTo("447");
        assertThat(card.rateFor(Channel.SMS, "+441632960000").orElseThrow().prefix())
                .isEqualTo("44");
        assertThat(card.rateFor(Channel.SMS, "+4915112345678").orElseThrow().prefix())
                .isEqualTo("*");
        // Voice has no default row: an unknown destination matches nothing, it is never free.
        assertThat(card.rateFor(Channel.VOICE, "+4915112345678")).isEmpty();
        assertThat(card.rateFor(Channel.VOICE, "+1 415-555-0100").orElseThrow().prefix())
                .isEqualTo("1");
        // A prefix longer than the number does not match it.
        RateCard deep = RateCard.builder()
                .sms("4479111234567", "1", "USD")
                .sms("4", "2", "USD")
                .build();
        assertThat(deep.rateFor(Channel.SMS, "+44791112345").orElseThrow().prefix())
                .isEqualTo("4");
    }

    @Test
    void ignoresBlankAndCommentLinesAndABom() {
        RateCard card = parse("\uFEFF# rates for March\n\n" + HEADER + "# uk\nsms,44,0.04,usd\n\n");
        assertThat(card.rates()).singleElement().satisfies(rate -> {
            assertThat(rate.price()).isEqualTo(Money.of("0.04", "USD"));
            assertThat(rate.channel()).isEqualTo(Channel.SMS);
        });
    }

    @Test
    void blankVoiceColumnsMeanEveryStartedMinute() {
        Rate rate = parse(HEADER + "voice,1,0.0140,USD,,\n").rates().get(0);
        assertThat(rate.incrementSeconds()).isEqualTo(60);
        assertThat(rate.minimumSeconds()).isEqualTo(60);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "fax,44,0.04,USD,,                | line 2: unknown channel 'fax' (expected sms or voice)",
                "sms,44,abc,USD,,                 | line 2: bad price 'abc'",
                "sms,44,-0.04,USD,,               | line 2: bad price '-0.04'",
                "sms,44,1e-3,USD,,                | line 2: bad price '1e-3'",
                "sms,44,,USD,,                    | line 2: bad price ''",
                "sms,44,0.04,US,,                 | line 2: bad currency 'US'",
                "sms,44,0.04,,,                   | line 2: bad currency ''",
                "sms,+44,0.04,USD,,               | line 2: bad prefix '+44'",
                "sms,044,0.04,USD,,               | line 2: bad prefix '044'",
                "sms,1234567890123456,0.04,USD,,  | line 2: bad prefix '1234567890123456'",
                "voice,44,0.04,USD,0,60           | line 2: bad increment_seconds '0'",
                "voice,44,0.04,USD,1.5,60         | line 2: bad increment_seconds '1.5'",
                "voice,44,0.04,USD,60,-1          | line 2: bad minimum_seconds '-1'",
                "sms,44,0.04                      | line 2: expected 4 to 6 comma-separated fields, found 3",
                "sms,44,0.04,USD,,,x              | line 2: expected 4 to 6 comma-separated fields, found 7",
            })
    void rejectsAMalformedRowNamingSourceLineAndProblem(String row, String message) {
        assertThatThrownBy(() -> parse(HEADER + row.trim() + "\n"))
                .isInstanceOf(RateCardException.class)
                .isInstanceOf(BalanceGuardException.class)
                .hasMessageStartingWith("rates.csv " + message.trim())
                .satisfies(e -> {
                    assertThat(((RateCardException) e).line()).isEqualTo(2);
                    assertThat(((RateCardException) e).source()).isEqualTo("rates.csv");
                });
    }

    @Test
    void rejectsADuplicatePrefixWithinAChannelNamingBothLines() {
        assertThatThrownBy(() -> parse(HEADER + "sms,44,0.04,USD,,\nvoice,44,0.01,USD,,\n# again\nsms,44,0.05,USD,,\n"))
                .isInstanceOf(RateCardException.class)
                .hasMessage("rates.csv line 5: duplicate sms prefix 44 (first at line 2)");
        assertThatThrownBy(() -> parse(HEADER + "sms,*,0.04,USD\nsms,*,0.05,USD\n"))
                .hasMessage("rates.csv line 3: duplicate sms prefix * (first at line 2)");
    }

    @Test
    void rejectsMixedCurrenciesWithinAChannelButNotAcrossChannels() {
        assertThatThrownBy(() -> parse(HEADER + "sms,44,0.04,USD,,\nsms,91,0.30,INR,,\n"))
                .isInstanceOf(RateCardException.class)
                .hasMessage("rates.csv line 3: mixed currencies for sms: INR here, USD at line 2");
        RateCard card = parse(HEADER + "sms,44,0.04,USD,,\nvoice,91,0.30,INR,,\n");
        assertThat(card.currency(Channel.SMS)).contains("USD");
        assertThat(card.currency(Channel.VOICE)).contains("INR");
    }

    @Test
    void rejectsABadOrMissingHeader() {
        assertThatThrownBy(() -> parse("channel,prefix,price,currency\nsms,44,0.04,USD\n"))
                .isInstanceOf(RateCardException.class)
                .hasMessageStartingWith("rates.csv line 1: bad header 'channel,prefix,price,currency'");
        assertThatThrownBy(() -> parse("sms,44,0.04,USD,,\n")).hasMessageStartingWith("rates.csv line 1: bad header");
        assertThatThrownBy(() -> parse("# nothing\n\n")).hasMessageStartingWith("rates.csv: empty rate card");
        assertThatThrownBy(() -> parse(HEADER)).hasMessage("rates.csv: no rates");
    }

    @Test
    void loadsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("rates.csv"), CONTRACT_EXAMPLE);
        assertThat(RateCard.load(good).rates()).hasSize(5);
        Path bad = Files.writeString(dir.resolve("bad.csv"), HEADER + "sms,44,0.04,USD\nsms,45,x,USD\n");
        assertThatThrownBy(() -> RateCard.load(bad))
                .isInstanceOf(RateCardException.class)
                .hasMessageStartingWith(bad + " line 3: bad price 'x'");
        assertThatThrownBy(() -> RateCard.load(dir.resolve("missing.csv")))
                .isInstanceOf(RateCardException.class)
                .hasMessageContaining("missing.csv: cannot read rate card");
    }

    @Test
    void builderAppliesTheSameChecksNamingTheEntry() {
        RateCard card = RateCard.builder()
                .sms("*", "0.05", "USD")
                .sms("44", "0.04", "USD")
                .voice("91", "0.012", "USD", 60, 60)
                .voice("1", "0.014", "USD")
                .build();
        assertThat(card.rates()).extracting(Rate::prefix).containsExactly("*", "44", "91", "1");
        assertThat(card.source()).isEqualTo("RateCard.builder()");
        assertThatThrownBy(() -> RateCard.builder().sms("44", "0.04", "USD").sms("44", "0.05", "USD"))
                .isInstanceOf(RateCardException.class)
                .hasMessage("RateCard.builder() entry 2: duplicate sms prefix 44 (first at entry 1)");
        assertThatThrownBy(() -> RateCard.builder().voice("1", "0.01", "USD", 0, 0))
                .hasMessageStartingWith("RateCard.builder() entry 1: bad increment_seconds '0'");
        assertThatThrownBy(() -> RateCard.builder().build()).hasMessage("RateCard.builder(): no rates");
    }

    @Test
    void rateForRejectsANumberThatIsNotE164() {
        RateCard card = parse(CONTRACT_EXAMPLE);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> card.rateFor(Channel.SMS, "07911 123456"))
                .withMessageContaining("not an E.164 number: '07911 123456'");
    }

    @ParameterizedTest(name = "{0} s at {1}/{2} bills {3} s")
    @CsvSource({
        "61, 60, 60, 120",
        "61, 1, 1, 61",
        "61, 15, 15, 75",
        "60, 60, 60, 60",
        "1, 60, 60, 60",
        "0, 60, 60, 60",
        "0, 1, 0, 0",
        "5, 1, 30, 30",
        "45, 6, 30, 48",
        "3600, 60, 60, 3600",
    })
    void voiceBillingRoundsUpToIncrementsWithAMinimum(long seconds, int increment, int minimum, long billed) {
        Rate rate = RateCard.builder()
                .voice("1", "0.60", "USD", increment, minimum)
                .build()
                .rates()
                .get(0);
        assertThat(rate.billedSeconds(Duration.ofSeconds(seconds))).isEqualTo(billed);
    }

    @Test
    void voiceBillingCountsAStartedSecond() {
        Rate perSecond = RateCard.builder()
                .voice("1", "0.60", "USD", 1, 1)
                .build()
                .rates()
                .get(0);
        assertThat(perSecond.billedSeconds(Duration.ofMillis(60_001))).isEqualTo(61);
        assertThat(perSecond.callCost(Duration.ofSeconds(61))).isEqualTo(Money.of("0.61", "USD"));
    }

    @Test
    void voiceCallCostIsExactAndNeverRoundedDown() {
        Rate perMinute = RateCard.builder()
                .voice("91", "0.0120", "USD", 60, 60)
                .build()
                .rates()
                .get(0);
        assertThat(perMinute.callCost(Duration.ofSeconds(61))).isEqualTo(Money.of("0.024", "USD"));
        Rate perSecond = RateCard.builder()
                .voice("1", "0.0140", "USD", 1, 1)
                .build()
                .rates()
                .get(0);
        // 0.014 * 61 / 60 = 0.0142333...: rounded up at 8 decimals, so never underestimated.
        assertThat(perSecond.callCost(Duration.ofSeconds(61)).amount()).isEqualByComparingTo("0.01423334");
    }

    @Test
    void everyGeneratedPriceIsReadExactlyWithinTheBoundsOrRefusedNamingTheLine() {
        int read = 0;
        for (String text : AmountFuzz.texts(1_000)) {
            String as = "'" + text + "' (seed " + AmountFuzz.SEED + ")";
            Optional<BigDecimal> expected = AmountFuzz.expected(text)
                    .filter(v -> text.strip().chars().allMatch(c -> c == '.' || c >= '0' && c <= '9'));
            RateCard card;
            try {
                card = parse(HEADER + "sms,*," + text + ",USD,,\n");
            } catch (RateCardException e) {
                assertThat(expected).as(as).isEmpty();
                assertThat(e.line()).as(as).isEqualTo(2);
                assertThat(e.getMessage()).as(as).hasSizeLessThan(400).doesNotContain("\u202E");
                continue;
            }
            read++;
            assertThat(expected).as(as).isPresent();
            BigDecimal price = card.rates().get(0).price().amount();
            assertThat(price).as(as).isEqualByComparingTo(expected.get());
            assertThat(AmountFuzz.isPlainAndBounded(price)).as(as).isTrue();
        }
        assertThat(read).isPositive();
    }

    @Test
    void pricesBeyondWhatMoneyCanBeAreRefused() {
        assertThatThrownBy(() -> parse(HEADER + "sms,*,1000000000000000000,USD,,\n"))
                .isInstanceOf(RateCardException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("more than 18 digits before the decimal point");
        assertThatThrownBy(() -> parse(HEADER + "sms,*,0." + "0".repeat(20) + "1,USD,,\n"))
                .isInstanceOf(RateCardException.class)
                .hasMessageContaining("more than 12 decimal places");
    }

    @Test
    void endlessLineFailsAtTheLineLimitInsteadOfFillingMemory() {
        Reader zeros = new Reader() { // what /dev/zero gives: no line ever ends
                    @Override
                    public int read(char[] buffer, int offset, int length) {
                        Arrays.fill(buffer, offset, offset + length, '\0');
                        return length;
                    }

                    @Override
                    public void close() {}
                };
        assertThatThrownBy(() -> RateCard.parse(zeros, "/dev/zero"))
                .isInstanceOf(RateCardException.class)
                .hasMessageContaining("/dev/zero")
                .hasMessageContaining("line 1")
                .hasMessageContaining("longer than 1000 characters");
        assertThatThrownBy(() -> parse(HEADER + "# " + "x".repeat(2_000) + "\n"))
                .isInstanceOf(RateCardException.class)
                .hasMessageContaining("line 2");
        assertThat(parse(HEADER + "# " + "x".repeat(990) + "\r\nsms,*,1,USD\r\n")
                        .rates())
                .hasSize(1);
    }

    @Test
    void quotedFieldsInErrorsAreShortAndShowInvisibleCharacters() {
        assertThatThrownBy(() -> parse(HEADER + "sms,44\u202E" + "9".repeat(500) + ",1,USD,,\n"))
                .isInstanceOf(RateCardException.class)
                .hasMessageContaining("bad prefix '44\\u202E999")
                .hasMessageContaining("more characters)")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300).doesNotContain("\u202E"));
    }
}
