package dev.balanceguard.cost;

/** The GSM 03.38 alphabet as Twilio's segment calculator maps it: septets per UTF-16 unit, 0 when absent. */
final class Gsm7 {

    /** Characters of the default alphabet (one septet). */
    private static final String BASIC = "\n\r !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ_"
            + "abcdefghijklmnopqrstuvwxyz\u00a1\u00a3\u00a4\u00a5\u00a7\u00bf\u00c4\u00c5\u00c6\u00c7\u00c9"
            + "\u00d1\u00d6\u00d8\u00dc\u00df\u00e0\u00e4\u00e5\u00e6\u00e8\u00e9\u00ec\u00f1\u00f2\u00f6\u00f8"
            + "\u00f9\u00fc\u0393\u0394\u0398\u039b\u039e\u03a0\u03a3\u03a6\u03a8\u03a9";

    /** Characters of the extension table, sent as an escape septet plus one (two septets). */
    private static final String EXTENSION = "\f[\\]^{|}~\u20ac";

    private static final byte[] SEPTETS = new byte[0x20ad];

    static {
        for (int i = 0; i < BASIC.length(); i++) {
            SEPTETS[BASIC.charAt(i)] = 1;
        }
        for (int i = 0; i < EXTENSION.length(); i++) {
            SEPTETS[EXTENSION.charAt(i)] = 2;
        }
    }

    private Gsm7() {}

    /** 1 or 2 septets, or 0 when the UTF-16 unit is not in the alphabet. */
    static int septets(char c) {
        return c < SEPTETS.length ? SEPTETS[c] : 0;
    }
}
