package dev.balanceguard.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmsSegmentsTest {

    /** Segments for n units of single-unit characters: one segment up to the single limit, then ceil(n / per). */
    private static int expectedSegments(int units, int single, int concatenated) {
        return units <= single ? 1 : (units + concatenated - 1) / concatenated;
    }

    @Test
    void gsm7BoundaryTableUpToTenSegments() {
        for (int length = 0; length <= 10 * 153 + 2; length++) {
            SegmentInfo info = SmsSegments.count("x".repeat(length));
            assertThat(info.encoding()).isEqualTo(Encoding.GSM_7);
            assertThat(info.units()).isEqualTo(length);
            assertThat(info.segments()).as("%d septets", length).isEqualTo(expectedSegments(length, 160, 153));
        }
    }

    @Test
    void ucs2BoundaryTableUpToTenSegments() {
        for (int length = 1; length <= 10 * 67 + 2; length++) {
            SegmentInfo info = SmsSegments.count("ж".repeat(length));
            assertThat(info.encoding()).isEqualTo(Encoding.UCS_2);
            assertThat(info.units()).isEqualTo(length);
            assertThat(info.segments()).as("%d units", length).isEqualTo(expectedSegments(length, 70, 67));
        }
    }

    @ParameterizedTest(name = "{0} septets")
    @CsvSource({"160, 1", "161, 2", "306, 2", "307, 3", "459, 3", "460, 4"})
    void namedGsmBoundaries(int length, int segments) {
        assertThat(SmsSegments.count("a".repeat(length)).segments()).isEqualTo(segments);
    }

    @ParameterizedTest(name = "{0} units")
    @CsvSource({"70, 1", "71, 2", "134, 2", "135, 3", "201, 3", "202, 4"})
    void namedUcs2Boundaries(int length, int segments) {
        assertThat(SmsSegments.count("ж".repeat(length)).segments()).isEqualTo(segments);
    }

    @Test
    void extensionCharactersCountTwiceAndNeverSplitTheirEscape() {
        assertThat(SmsSegments.count("€").units()).isEqualTo(2);
        for (char c : "^{}\\[~]|€\f".toCharArray()) {
            assertThat(SmsSegments.count(String.valueOf(c)).units())
                    .as("%s", (int) c)
                    .isEqualTo(2);
            assertThat(SmsSegments.count(String.valueOf(c)).encoding()).isEqualTo(Encoding.GSM_7);
        }
        // 80 euro signs are exactly 160 septets: one segment; one more septet makes two.
        assertThat(SmsSegments.count("€".repeat(80)).segments()).isEqualTo(1);
        assertThat(SmsSegments.count("€".repeat(80) + "a").segments()).isEqualTo(2);
        // An escape pair straddling septet 153 moves whole: 152 + 2 does not fit, 153 + 2 does not fit next to 153.
        for (int k = 1; k <= 8; k++) {
            int boundary = 153 * k;
            String straddling = "a".repeat(boundary - 1) + "€" + "a".repeat(153 - 1);
            // The € occupies septets boundary..boundary+1 unless moved: moving it costs the first segment 1 septet.
            SegmentInfo info = SmsSegments.count(straddling);
            assertThat(info.units()).isEqualTo(boundary - 1 + 2 + 152);
            assertThat(info.segments()).as("boundary %d", boundary).isEqualTo(k + 2);
            SegmentInfo fitting = SmsSegments.count("a".repeat(boundary - 2) + "€" + "a".repeat(153));
            assertThat(fitting.segments()).as("boundary %d", boundary).isEqualTo(k + 1);
        }
    }

    @Test
    void surrogatePairsAndClustersAtEveryUcs2Boundary() {
        String[] clusters = {"😀", "👍🏽", "👨‍👩‍👧", "🇮🇳", "e\u0301", "1\ufe0f\u20e3", "क्षि"};
        for (String cluster : clusters) {
            int w = cluster.length();
            for (int k = 1; k <= 6; k++) {
                int boundary = 67 * k;
                // Total 67 * (k + 1) units: k + 1 full segments when the cluster ends exactly at the boundary...
                int total = 67 * (k + 1);
                String fitting = "ж".repeat(boundary - w) + cluster + "ж".repeat(total - boundary);
                assertThat(SmsSegments.count(fitting).segments())
                        .as("%s ends at %d", cluster, boundary)
                        .isEqualTo(k + 1);
                // ...one more when it straddles the boundary by one unit: it moves whole to the next segment.
                String straddling = "ж".repeat(boundary - w + 1) + cluster + "ж".repeat(total - boundary - 1);
                SegmentInfo moved = SmsSegments.count(straddling);
                assertThat(moved.units()).isEqualTo(total);
                assertThat(moved.segments())
                        .as("%s straddles %d", cluster, boundary)
                        .isEqualTo(k + 2);
            }
        }
    }

    @Test
    void oneCharacterOutsideGsm7MakesTheWholeMessageUcs2AndIsNamed() {
        String text = "Hello 👋 café “quoted” — ok";
        SegmentInfo info = SmsSegments.count(text);
        assertThat(info.encoding()).isEqualTo(Encoding.UCS_2);
        assertThat(info.units()).isEqualTo(text.length());
        assertThat(info.ucs2Characters()).containsExactly("👋", "“", "”", "—");
        assertThat(SmsSegments.count("café").ucs2Characters()).isEmpty(); // é is in GSM-7
        assertThat(SmsSegments.count("cafe\u0301").ucs2Characters()).containsExactly("e\u0301");
    }

    @Test
    void smartEncodingReplacesLookAlikesBeforeCounting() {
        String text = "“Sale” – 50% off… don’t miss it";
        assertThat(SmsSegments.count(text).encoding()).isEqualTo(Encoding.UCS_2);
        SegmentInfo smart = SmsSegments.count(text, true);
        assertThat(smart.encoding()).isEqualTo(Encoding.GSM_7);
        assertThat(smart.countedText()).isEqualTo("\"Sale\" - 50% off... don't miss it");
        assertThat(smart.units()).isEqualTo(smart.countedText().length());
        // A non-breaking space becomes two spaces, a tab seven, a zero-width space nothing.
        assertThat(SmsSegments.count("a\u00a0b", true).countedText()).isEqualTo("a  b");
        assertThat(SmsSegments.count("a\tb", true).countedText()).isEqualTo("a       b");
        assertThat(SmsSegments.count("a\u200bb", true).countedText()).isEqualTo("ab");
        // Replacement cannot help an emoji.
        assertThat(SmsSegments.count("“hi” 😀", true).encoding()).isEqualTo(Encoding.UCS_2);
        // Growing text can cross a boundary: 158 letters and an ellipsis are 161 septets.
        assertThat(SmsSegments.count("a".repeat(158) + "…", true).segments()).isEqualTo(2);
    }

    @Test
    void carriageReturnLineFeedIsTwoCharacters() {
        assertThat(SmsSegments.count("a\r\nb").units()).isEqualTo(4);
        assertThat(SmsSegments.count("a\r\nb").encoding()).isEqualTo(Encoding.GSM_7);
    }

    @Test
    void emptyMessageIsOneGsmSegment() {
        SegmentInfo info = SmsSegments.count("");
        assertThat(info.segments()).isEqualTo(1);
        assertThat(info.units()).isZero();
        assertThat(info.encoding()).isEqualTo(Encoding.GSM_7);
        assertThat(info.encoding().displayName()).isEqualTo("GSM-7");
        assertThat(Encoding.UCS_2.displayName()).isEqualTo("UCS-2");
    }

    @Test
    void nullTextIsRejected() {
        assertThatNullPointerException().isThrownBy(() -> SmsSegments.count(null));
    }

    @Test
    void everyGsm7CharacterIsItsOwnGraphemeCluster() {
        // The GSM-7 fast path relies on this: no grapheme rule joins two GSM-7 characters (other than CR LF,
        // which the reference splits again).
        for (char c = 0; c < 0x2100; c++) {
            if (Gsm7.septets(c) > 0) {
                assertThat(GraphemeClusters.bmpProperty(c))
                        .as("U+%04X", (int) c)
                        .isIn(
                                GraphemeClusters.OTHER,
                                GraphemeClusters.CONTROL,
                                GraphemeClusters.CR,
                                GraphemeClusters.LF);
            }
        }
    }
}
