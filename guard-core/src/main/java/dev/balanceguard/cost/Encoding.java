package dev.balanceguard.cost;

/** The two SMS data codings a message is sent in. */
public enum Encoding {

    /**
     * The GSM 03.38 default alphabet plus its extension table: 160 septets in a single segment, 153 per segment
     * once concatenated; extension characters ({@code ^ { } \ [ ~ ] | €} and form feed) take two septets.
     */
    GSM_7("GSM-7"),

    /** UTF-16: 70 code units in a single segment, 67 per segment once concatenated. */
    UCS_2("UCS-2");

    private final String displayName;

    Encoding(String displayName) {
        this.displayName = displayName;
    }

    /** {@code "GSM-7"} or {@code "UCS-2"}, as Twilio and the command-line tool print them. */
    public String displayName() {
        return displayName;
    }

    /** The {@linkplain #displayName() display name}. */
    @Override
    public String toString() {
        return displayName;
    }
}
