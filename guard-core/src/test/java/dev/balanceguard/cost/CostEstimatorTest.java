package dev.balanceguard.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balanceguard.core.Money;
import dev.balanceguard.core.UnitMismatchException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CostEstimatorTest {

    private static final RateCard CARD = RateCard.builder()
            .sms("*", "0.0500", "USD")
            .sms("44", "0.0400", "USD")
            .sms("447", "0.0450", "USD")
            .sms("91", "0.0020", "USD")
            .voice("91", "0.0120", "USD", 60, 60)
            .voice("1", "0.0140", "USD", 1, 1)
            .build();

    private final CostEstimator estimator = new CostEstimator(CARD);

    @Test
    void pricesEachRecipientBySegmentsTimesItsLongestPrefixRate() {
        String twoSegments = "a".repeat(200);
        CampaignEstimate estimate = estimator.sms(
                List.of("+447911123456", "+44 1632 960000", "+91-98765-43210", "+4915112345678"), twoSegments);
        // 2 * (0.045 + 0.04 + 0.002 + 0.05)
        assertThat(estimate.total()).isEqualTo(Money.of("0.274", "USD"));
        assertThat(estimate.recipients()).isEqualTo(4);
        assertThat(estimate.channel()).isEqualTo(Channel.SMS);
        assertThat(estimate.encoding()).contains(Encoding.GSM_7);
        assertThat(estimate.segmentsPerMessage()).isEqualTo(2);
        assertThat(estimate.message()).get().extracting(SegmentInfo::segments).isEqualTo(2);
        assertThat(estimate.breakdown())
                .extracting(CampaignEstimate.Line::prefix)
                .containsExactly("*", "447", "44", "91");
        assertThat(estimate.breakdown().get(1)).satisfies(line -> {
            assertThat(line.recipients()).isEqualTo(1);
            assertThat(line.segments()).isEqualTo(2);
            assertThat(line.cost()).isEqualTo(Money.of("0.09", "USD"));
            assertThat(line.price()).isEqualTo(Money.of("0.045", "USD"));
        });
    }

    @Test
    void ucs2MessagesCostMoreSegmentsAndSmartEncodingCanUndoThat() {
        String text = "Don’t miss our sale — " + "x".repeat(60);
        List<String> to = List.of("+447911123456");
        CampaignEstimate plain = estimator.sms(to, text);
        assertThat(plain.encoding()).contains(Encoding.UCS_2);
        assertThat(plain.segmentsPerMessage()).isEqualTo(2);
        assertThat(plain.message().orElseThrow().ucs2Characters()).containsExactly("’", "—");
        CampaignEstimate smart =
                CostEstimator.builder(CARD).smartEncoding(true).build().sms(to, text);
        assertThat(smart.encoding()).contains(Encoding.GSM_7);
        assertThat(smart.total()).isEqualTo(Money.of("0.045", "USD"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "447911123456",
                "+44",
                "+4479",
                "+0447911123456",
                "+4479111234567890",
                "+44 79x1",
                "++447911123456",
                "",
                "   ",
                "+44 7911 123456 ext 1"
            })
    void rejectsNumbersThatAreNotE164(String number) {
        assertThatThrownBy(() -> estimator.sms(List.of("+447911123456", number), "hi"))
                .isInstanceOf(InvalidRecipientsException.class)
                .hasMessageContaining("#2 '" + number + "'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "+447911123456",
                " +44 7911 123456 ",
                "+44-7911-123456",
                "+12345678",
                "+123456789012345",
                "+44 (7911)"
            })
    void acceptsE164WithBlanksAndDashes(String number) {
        if (number.contains("(")) {
            assertThatThrownBy(() -> estimator.sms(List.of(number), "hi"))
                    .isInstanceOf(InvalidRecipientsException.class);
            return;
        }
        assertThat(estimator.sms(List.of(number), "hi").recipients()).isEqualTo(1);
    }

    @Test
    void listsTheFirstFewInvalidNumbersAndCountsAll() {
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            recipients.add("+447911123456");
            recipients.add("bad" + i);
        }
        recipients.add(null);
        assertThatThrownBy(() -> estimator.sms(recipients, "hi"))
                .isInstanceOfSatisfying(InvalidRecipientsException.class, e -> {
                    assertThat(e.count()).isEqualTo(21);
                    assertThat(e.examples())
                            .containsExactly("#2 'bad0'", "#4 'bad1'", "#6 'bad2'", "#8 'bad3'", "#10 'bad4'");
                    assertThat(e)
                            .hasMessage("21 recipients are not an E.164 number ('+' and 8 to 15 digits): "
                                    + "#2 'bad0', #4 'bad1', #6 'bad2', #8 'bad3', #10 'bad4', ...");
                });
    }

    @Test
    void invalidNumbersAreQuotedShortWithInvisibleCharactersShown() {
        String hostile = "+1\u202E0010\u200B" + "9".repeat(10_000);
        assertThatThrownBy(() -> estimator.sms(List.of(hostile), "hi"))
                .isInstanceOfSatisfying(InvalidRecipientsException.class, e -> {
                    assertThat(e.getMessage())
                            .contains("#1 '+1\\u202E0010\\u200B999")
                            .contains("more characters)")
                            .doesNotContain("\u202E")
                            .doesNotContain("\u200B")
                            .hasSizeLessThan(200);
                });
    }

    @Test
    void aRecipientNoRowPricesFailsNamingNumberAndChannel() {
        assertThatThrownBy(() -> estimator.voice(
                        List.of("+15551230000", "+4915112345678", "+4915112345679"), Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(NoMatchingRateException.class, e -> {
                    assertThat(e.number()).isEqualTo("+4915112345678");
                    assertThat(e.channel()).isEqualTo(Channel.VOICE);
                    assertThat(e.count()).isEqualTo(2);
                    assertThat(e)
                            .hasMessage("no voice rate in RateCard.builder() for +4915112345678 (and 1 more "
                                    + "recipients); add a row for its prefix or a '*' default row");
                });
        RateCard smsOnly = RateCard.builder().sms("44", "0.04", "USD").build();
        assertThatThrownBy(() -> new CostEstimator(smsOnly).voice(List.of("+447911123456"), Duration.ofMinutes(1)))
                .isInstanceOf(NoMatchingRateException.class)
                .hasMessageContaining("no voice rate");
    }

    @Test
    void voiceBillsIncrementsPerDestinationTimesTheAnsweredFraction() {
        List<String> calls = List.of("+919876543210", "+14155550100");
        CampaignEstimate all = estimator.voice(calls, Duration.ofSeconds(61));
        // India 60/60: 2 minutes at 0.012 = 0.024. US 1/1: 61 s at 0.014/min = 0.01423334 (rounded up).
        assertThat(all.total().amount()).isEqualByComparingTo("0.03823334");
        assertThat(all.channel()).isEqualTo(Channel.VOICE);
        assertThat(all.encoding()).isEmpty();
        assertThat(all.breakdown())
                .extracting(CampaignEstimate.Line::billedSeconds)
                .containsExactly(120L, 61L);
        CampaignEstimate someAnswered = estimator.voice(calls.stream(), Duration.ofSeconds(61), new BigDecimal("0.5"));
        assertThat(someAnswered.total().amount()).isEqualByComparingTo("0.01911667");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> estimator.voice(calls, Duration.ofSeconds(61), new BigDecimal("1.5")));
    }

    @Test
    void personalisedMessagesReportMinAndMaxSegments() {
        List<String> recipients = List.of("+447911123456", "+919876543210", "+4915112345678");
        CampaignEstimate estimate = estimator.sms(
                recipients, to -> to.startsWith("+91") ? "नमस्ते " + "x".repeat(70) : "Hi " + "y".repeat(to.length()));
        assertThat(estimate.minSegmentsPerMessage()).isEqualTo(1);
        assertThat(estimate.maxSegmentsPerMessage()).isEqualTo(2);
        assertThat(estimate.encodings()).containsExactlyInAnyOrder(Encoding.GSM_7, Encoding.UCS_2);
        assertThat(estimate.encoding()).contains(Encoding.UCS_2);
        assertThat(estimate.message()).isEmpty();
        assertThat(estimate.total()).isEqualTo(Money.of("0.099", "USD")); // 0.045 + 2 * 0.002 + 0.05
    }

    @Test
    void countOnlyEstimatesUseTheDefaultRow() {
        CampaignEstimate estimate = estimator.smsCount(1_000, "a".repeat(161));
        assertThat(estimate.total()).isEqualTo(Money.of("100", "USD"));
        assertThat(estimate.breakdown())
                .singleElement()
                .extracting(CampaignEstimate.Line::prefix)
                .isEqualTo("*");
        assertThat(estimate.coverableRecipients(Money.of("10.05", "USD"))).hasValue(100);
        RateCard noDefault = RateCard.builder().sms("44", "0.04", "USD").build();
        assertThatThrownBy(() -> new CostEstimator(noDefault).smsCount(10, "hi"))
                .isInstanceOfSatisfying(
                        NoMatchingRateException.class,
                        e -> assertThat(e.number()).isEqualTo("*"));
    }

    @Test
    void emptyCampaignCostsZeroInTheChannelCurrency() {
        CampaignEstimate estimate = estimator.sms(List.of(), "hi");
        assertThat(estimate.total()).isEqualTo(Money.zero("USD"));
        assertThat(estimate.coverableRecipients(Money.zero("USD"))).hasValue(0);
    }

    @Test
    void coverableRecipientsFollowsInputOrderExactly() {
        Random random = new Random(42);
        String[] numbers = {"+447911123456", "+441632960000", "+919876543210", "+4915112345678"};
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            int n = random.nextInt(10) < 7 ? random.nextInt(2) : random.nextInt(numbers.length);
            recipients.add(numbers[n]);
        }
        CampaignEstimate estimate = estimator.sms(recipients.stream(), "hello");
        for (String amount : new String[] {"0", "0.0449", "0.045", "1", "17.3337", "100", "1000", "-5"}) {
            Money available = Money.of(amount, "USD");
            assertThat(estimate.coverableRecipients(available))
                    .as(amount)
                    .hasValue(bruteForceCoverable(recipients, available.amount()));
        }
        assertThat(estimate.coverableRecipients(estimate.total())).hasValue(5_000);
        assertThatThrownBy(() -> estimate.coverableRecipients(Money.of("1", "EUR")))
                .isInstanceOf(UnitMismatchException.class);
    }

    @Test
    void coverableRecipientsIsExactForPersonalisedAndVoiceCampaigns() {
        List<String> recipients = List.of("+447911123456", "+447911123457", "+919876543210", "+447911123458");
        CampaignEstimate personalised = estimator.sms(recipients, to -> "x".repeat(to.endsWith("7") ? 400 : 10));
        // costs in order: 0.045, 0.135 (3 segments), 0.002, 0.045
        assertThat(personalised.coverableRecipients(Money.of("0.179", "USD"))).hasValue(1);
        assertThat(personalised.coverableRecipients(Money.of("0.18", "USD"))).hasValue(2);
        assertThat(personalised.coverableRecipients(Money.of("0.182", "USD"))).hasValue(3);
        CampaignEstimate voice =
                estimator.voice(List.of("+14155550100", "+919876543210", "+14155550101"), Duration.ofSeconds(61));
        // 0.01423334, 0.024, 0.01423334
        assertThat(voice.coverableRecipients(Money.of("0.03823333", "USD"))).hasValue(1);
        assertThat(voice.coverableRecipients(Money.of("0.03823334", "USD"))).hasValue(2);
    }

    @Test
    void estimatesAMillionRecipientsFromAStream() {
        Stream<String> million =
                Stream.iterate(0L, i -> i + 1).limit(1_000_000).map(i -> "+4479" + String.format("%08d", i));
        CampaignEstimate estimate = estimator.sms(million, "hi");
        assertThat(estimate.recipients()).isEqualTo(1_000_000);
        assertThat(estimate.total()).isEqualTo(Money.of("45000", "USD"));
        assertThat(estimate.coverableRecipients(Money.of("45", "USD"))).hasValue(1_000);
    }

    private long bruteForceCoverable(List<String> recipients, BigDecimal available) {
        BigDecimal spent = BigDecimal.ZERO;
        long covered = 0;
        for (String recipient : recipients) {
            spent = spent.add(
                    CARD.rateFor(Channel.SMS, recipient).orElseThrow().price().amount());
            if (spent.compareTo(available) > 0) {
                break;
            }
            covered++;
        }
        return covered;
    }

    @Test
    void destinationsCountRecipientsByCountryAndUnitPriceNeverKeepingANumber() {
        CountryResolver countries = n -> n.startsWith("+44") ? "GB" : n.startsWith("+91") ? "IN" : "ZZ";
        CostEstimator withCountries =
                CostEstimator.builder(CARD).countries(countries).build();

        CampaignEstimate estimate = withCountries.sms(
                List.of("+447911123456", "+44 1632 960000", "+919876543210", "+4915112345678", "+447911123457"), "Hi");

        assertThat(estimate.destinations())
                .containsExactly(
                        new Destination("GB", Money.of("0.0450", "USD"), 2),
                        new Destination("GB", Money.of("0.0400", "USD"), 1),
                        new Destination("IN", Money.of("0.0020", "USD"), 1),
                        new Destination("ZZ", Money.of("0.0500", "USD"), 1));
        assertThat(estimate.destinations().stream()
                        .mapToLong(Destination::recipients)
                        .sum())
                .isEqualTo(estimate.recipients());
        assertThat(withCountries.smsCount(3, "Hi").destinations())
                .containsExactly(new Destination("ZZ", Money.of("0.0500", "USD"), 3));
    }

    @Test
    void withoutACountryResolverEveryRecipientIsOfUnknownCountry() {
        CampaignEstimate estimate = estimator.voice(List.of("+919876543210", "+14155550100"), Duration.ofMinutes(1));

        assertThat(estimate.destinations()).extracting(Destination::country).containsOnly(CountryResolver.UNKNOWN);
        assertThat(estimate.destinations())
                .extracting(Destination::unitPrice)
                .containsExactlyInAnyOrder(Money.of("0.0120", "USD"), Money.of("0.0140", "USD"));
        assertThat(CostEstimate.of(Money.of("1", "USD")).destinations()).isEmpty();
    }

    @Test
    void costByCountryIsRecipientsTimesSegmentsTimesPriceSummingToTheTotal() {
        CountryResolver countries = n -> n.startsWith("+44") ? "GB" : n.startsWith("+91") ? "IN" : "ZZ";
        CostEstimator withCountries =
                CostEstimator.builder(CARD).countries(countries).build();
        List<String> recipients =
                List.of("+447911123456", "+441632960000", "+919876543210", "+4915112345678", "+447911123457");

        CampaignEstimate twoSegments = withCountries.sms(recipients, "a".repeat(200));

        // GB: 2 segments x (0.045 + 0.04 + 0.045); IN: 2 x 0.002; ZZ (no country): 2 x 0.05
        assertThat(twoSegments.costByCountry())
                .containsExactly(
                        Map.entry("GB", Money.of("0.260", "USD")),
                        Map.entry("IN", Money.of("0.004", "USD")),
                        Map.entry("ZZ", Money.of("0.100", "USD")));
        assertThat(twoSegments.costByCountry().values().stream().reduce(Money::plus))
                .contains(twoSegments.total());

        CampaignEstimate personalised = withCountries.sms(
                recipients, n -> n.startsWith("+91") ? "a".repeat(400) : n.startsWith("+447") ? "a".repeat(200) : "Hi");

        // GB: 2 x 0.045 twice + 1 x 0.04; IN: 3 segments x 0.002; ZZ: 1 x 0.05
        assertThat(personalised.costByCountry())
                .containsExactly(
                        Map.entry("GB", Money.of("0.220", "USD")),
                        Map.entry("IN", Money.of("0.006", "USD")),
                        Map.entry("ZZ", Money.of("0.050", "USD")));
        assertThat(personalised.total()).isEqualTo(Money.of("0.276", "USD"));
        assertThat(withCountries.smsCount(3, "Hi").costByCountry())
                .containsExactly(Map.entry("ZZ", Money.of("0.15", "USD")));
    }

    @Test
    void voiceCostByCountryIsCallsTimesBilledMinutesTimesPrice() {
        CostEstimator withCountries = CostEstimator.builder(CARD)
                .countries(n -> n.startsWith("+91") ? "IN" : "US")
                .build();
        List<String> calls = List.of("+919876543210", "+14155550100", "+14155550101");

        CampaignEstimate all = withCountries.voice(calls, Duration.ofSeconds(61));

        // IN 60/60: 2 minutes at 0.012; US 1/1: 61 s at 0.014/min = 0.01423334 per call, two calls
        assertThat(all.costByCountry())
                .containsExactly(
                        Map.entry("IN", Money.of("0.024", "USD")), Map.entry("US", Money.of("0.02846668", "USD")));
        assertThat(withCountries
                        .voice(calls, Duration.ofSeconds(61), new BigDecimal("0.5"))
                        .costByCountry())
                .containsExactly(
                        Map.entry("IN", Money.of("0.012", "USD")), Map.entry("US", Money.of("0.01423334", "USD")));
        assertThat(estimator.voice(calls, Duration.ofSeconds(61)).costByCountry())
                .as("without a resolver every recipient is of unknown country")
                .containsExactly(Map.entry(CountryResolver.UNKNOWN, all.total()));
        assertThat(CostEstimate.of(Money.of("1", "USD")).costByCountry()).isEmpty();
        assertThat(withCountries
                        .voice(List.<String>of(), Duration.ofSeconds(61))
                        .costByCountry())
                .isEmpty();
    }
}
