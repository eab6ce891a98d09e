package dev.balanceguard.cost;

import java.util.ArrayList;
import java.util.List;

/**
 * The price class of every recipient in input order, run-length encoded as variable-length integers: each
 * change of price costs two to four bytes, a run of any length the same. A list sorted by destination, or
 * priced by one row, takes a constant few bytes; a list whose price changes at every recipient about two
 * bytes each. Stored in chunks that grow to 64 KiB, so growing never copies.
 */
final class PriceRuns {

    interface Visitor {
        /** @return false to stop */
        boolean run(int priceClass, long length);
    }

    private static final int MAX_CHUNK = 64 * 1024;
    /** Room for one run: two varints of at most 10 bytes each. */
    private static final int MAX_RUN_BYTES = 20;

    private final List<byte[]> sealed = new ArrayList<>();
    private final List<Integer> sealedSizes = new ArrayList<>();
    private byte[] chunk = new byte[32];
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
        return this;
    }

    void forEach(Visitor visitor) {
        for (int c = 0; c <= sealed.size(); c++) {
            byte[] bytes = c < sealed.size() ? sealed.get(c) : chunk;
            int end = c < sealed.size() ? sealedSizes.get(c) : size;
            int at = 0;
            while (at < end) {
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
    }

    private void flush() {
        if (currentLength == 0) {
            return;
        }
        if (size + MAX_RUN_BYTES > chunk.length) {
            sealed.add(chunk);
            sealedSizes.add(size);
            chunk = new byte[Math.min(chunk.length * 2, MAX_CHUNK)];
            size = 0;
        }
        write(currentClass);
        write(currentLength);
        currentLength = 0;
    }

    private void write(long value) {
        while ((value & ~0x7fL) != 0) {
            chunk[size++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        chunk[size++] = (byte) value;
    }
}
