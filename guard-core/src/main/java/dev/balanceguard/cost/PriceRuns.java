package dev.balanceguard.cost;

import java.util.Arrays;

/**
 * The price class of every recipient in input order, run-length encoded as variable-length integers: each
 * change of price costs a few bytes, a run of any length the same. A list sorted by destination, or priced
 * by one row, takes a constant few bytes; a list whose price changes at every recipient about two bytes each.
 */
final class PriceRuns {

    interface Visitor {
        /** @return false to stop */
        boolean run(int priceClass, long length);
    }

    private byte[] bytes = new byte[32];
    private int size;
    private int currentClass = -1;
    private long currentLength;

    void add(int priceClass) {
        if (priceClass == currentClass) {
            currentLength++;
        } else {
            flush();
            currentClass = priceClass;
            currentLength = 1;
        }
    }

    void add(int priceClass, long count) {
        if (count == 0) {
            return;
        }
        if (priceClass != currentClass) {
            flush();
            currentClass = priceClass;
            currentLength = 0;
        }
        currentLength += count;
    }

    /** Ends the input; no more additions. */
    PriceRuns finish() {
        flush();
        currentClass = -1;
        if (bytes.length > size + 64) {
            bytes = Arrays.copyOf(bytes, size);
        }
        return this;
    }

    void forEach(Visitor visitor) {
        int at = 0;
        while (at < size) {
            long value = 0;
            int shift = 0;
            byte b;
            do {
                b = bytes[at++];
                value |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while (b < 0);
            long length = 0;
            shift = 0;
            do {
                b = bytes[at++];
                length |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while (b < 0);
            if (!visitor.run((int) value, length)) {
                return;
            }
        }
    }

    int sizeInBytes() {
        return size;
    }

    private void flush() {
        if (currentLength > 0) {
            write(currentClass);
            write(currentLength);
            currentLength = 0;
        }
    }

    private void write(long value) {
        if (size + 10 > bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        while ((value & ~0x7fL) != 0) {
            bytes[size++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        bytes[size++] = (byte) value;
    }
}
