package dev.balanceguard.examples.preflight;

import java.io.Closeable;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads the CLI's input files the same way whatever they are — a regular file, a pipe, a FIFO, a process
 * substitution such as {@code <(cat rates.csv)} — and always within bounds, so that {@code /dev/zero} or
 * {@code /dev/urandom} end in one line naming the file (exit 2), never in running out of memory. Text must be
 * UTF-8. Every failure is an {@link InputException} that names the file.
 */
final class Inputs {

    /** A message file's limit: an SMS body is at most 1,600 characters, 6,400 bytes of UTF-8. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** A rate card's limit: every destination of every provider, with room to spare. */
    static final long MAX_RATE_CARD_BYTES = 64L * 1024 * 1024;
    /** A recipients line's limit: a number needs about 20 characters. */
    static final int MAX_RECIPIENT_LINE = 1_000;
    /** How many lines a recipients file may have. */
    static final long MAX_RECIPIENT_LINES = 10_000_000;
    /** A {@code segments} input line's limit: a 1,600-character message, even with every character escaped. */
    static final int MAX_SEGMENTS_LINE = 16 * 1024;

    private Inputs() {}

    /** Opens anything readable except a directory. */
    static InputStream open(Path file, String what) {
        if (Files.isDirectory(file)) {
            throw new InputException(what + " is a directory: " + file);
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new InputException(what + " not found: " + file);
        } catch (AccessDeniedException e) {
            throw new InputException(what + " is not readable: " + file);
        } catch (IOException e) {
            throw new InputException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** The whole file as UTF-8 text, at most {@code maxBytes} long. */
    static String text(Path file, String what, int maxBytes) {
        byte[] bytes;
        try (InputStream in = open(file, what)) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new InputException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length > maxBytes) {
            throw new InputException(what + " " + file + " is larger than " + maxBytes + " bytes");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InputException(what + " is not UTF-8 text: " + file);
        }
    }

    /** The file as UTF-8 text to read as it comes, failing once more than {@code maxBytes} arrive. */
    static Reader reader(Path file, String what, long maxBytes) {
        return utf8(capped(open(file, what), file.toString(), what, maxBytes), file.toString(), what);
    }

    /**
     * The recipients of a file, one a line, blank lines and {@code #} comments skipped, read as the estimator
     * iterates (once): a million numbers need no million strings at once. Close it when done.
     */
    static Recipients recipients(Path file) {
        return new Recipients(new Lines(
                open(file, "recipients file"),
                file.toString(),
                "recipients file",
                MAX_RECIPIENT_LINE,
                MAX_RECIPIENT_LINES));
    }

    /**
     * A recipients file that can be read twice (once for its countries, once to price it): a regular file as it is;
     * anything else (a pipe, a FIFO, a process substitution) copied once, line by line and within the same bounds,
     * to a temporary file that {@link Rereadable#close()} deletes. Messages keep naming the file the user gave.
     */
    static Rereadable rereadable(Path file) {
        if (Files.isRegularFile(file)) {
            return new Rereadable(file, file.toString(), false);
        }
        Path copy;
        try {
            copy = Files.createTempFile("preflight-recipients", ".txt");
        } catch (IOException e) {
            throw new InputException("cannot copy recipients file " + file + " to read it twice: " + e.getMessage(), e);
        }
        try (Lines lines = new Lines(
                        open(file, "recipients file"),
                        file.toString(),
                        "recipients file",
                        MAX_RECIPIENT_LINE,
                        MAX_RECIPIENT_LINES);
                Writer out = Files.newBufferedWriter(copy, StandardCharsets.UTF_8)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                out.write(line);
                out.write('\n');
            }
        } catch (IOException e) {
            delete(copy);
            throw new InputException("cannot copy recipients file " + file + " to read it twice: " + e.getMessage(), e);
        } catch (RuntimeException e) { // the input's own error, such as a line over the bound
            delete(copy);
            throw e;
        }
        return new Rereadable(copy, file.toString(), true);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }

    /** Recipients to {@link #open()} more than once; see {@link #rereadable(Path)}. */
    static final class Rereadable implements Closeable {
        private final Path path;
        private final String name;
        private final boolean temporary;

        private Rereadable(Path path, String name, boolean temporary) {
            this.path = path;
            this.name = name;
            this.temporary = temporary;
        }

        Recipients open() {
            return new Recipients(new Lines(
                    Inputs.open(path, "recipients file"),
                    name,
                    "recipients file",
                    MAX_RECIPIENT_LINE,
                    MAX_RECIPIENT_LINES));
        }

        String name() {
            return name;
        }

        @Override
        public void close() {
            if (temporary) {
                delete(path);
            }
        }
    }

    /** The lines of standard input, for commands that read it. */
    static Lines stdin(InputStream in, int maxLineLength) {
        return new Lines(in, "stdin", "stdin", maxLineLength, Long.MAX_VALUE);
    }

    private static InputStream capped(InputStream in, String source, String what, long maxBytes) {
        return new InputStream() {
            private long read;

            @Override
            public int read() throws IOException {
                int b = in.read();
                count(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = in.read(buffer, offset, length);
                count(Math.max(n, 0));
                return n;
            }

            private void count(int n) {
                read += n;
                if (read > maxBytes) {
                    throw new InputException(what + " " + source + " is larger than " + maxBytes + " bytes");
                }
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    /** Strict UTF-8: a malformed byte is an input error naming the file, not a replacement character. */
    private static Reader utf8(InputStream in, String source, String what) {
        return new FilterReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder())) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (CharacterCodingException e) {
                    throw notUtf8();
                }
            }

            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                try {
                    return super.read(buffer, offset, length);
                } catch (CharacterCodingException e) {
                    throw notUtf8();
                }
            }

            private InputException notUtf8() {
                return new InputException(what + " is not UTF-8 text: " + source);
            }
        };
    }

    /** Lines of UTF-8 text, each at most a given length, at most a given number of them. */
    static final class Lines implements Closeable {
        private final Reader reader;
        private final String source;
        private final String what;
        private final int maxLength;
        private final long maxLines;
        private final StringBuilder line = new StringBuilder();
        private long number;
        private boolean afterCarriageReturn;

        Lines(InputStream in, String source, String what, int maxLength, long maxLines) {
            this.reader = utf8(in, source, what);
            this.source = source;
            this.what = what;
            this.maxLength = maxLength;
            this.maxLines = maxLines;
        }

        /** The next line without its terminator; {@code null} at the end. */
        String next() {
            line.setLength(0);
            try {
                for (int c = reader.read(); ; c = reader.read()) {
                    if (afterCarriageReturn) {
                        afterCarriageReturn = false;
                        if (c == '\n') {
                            continue;
                        }
                    }
                    if (c < 0) {
                        return line.isEmpty() ? null : counted();
                    }
                    if (c == '\n' || c == '\r') {
                        afterCarriageReturn = c == '\r';
                        return counted();
                    }
                    if (line.length() == maxLength) {
                        throw new InputException(
                                name() + ": line " + (number + 1) + " is longer than " + maxLength + " characters");
                    }
                    line.append((char) c);
                }
            } catch (IOException e) {
                throw new InputException("cannot read " + name() + ": " + e.getMessage(), e);
            }
        }

        /** The 1-based number of the line {@link #next()} returned last. */
        long number() {
            return number;
        }

        private String counted() {
            if (++number > maxLines) {
                throw new InputException(name() + " has more than " + maxLines + " lines");
            }
            return line.toString();
        }

        private String name() {
            return source.equals(what) ? what : what + " " + source;
        }

        @Override
        public void close() {
            try {
                reader.close();
            } catch (IOException e) {
                // nothing was written: a failure to close loses nothing
            }
        }
    }

    /** The numbers of a recipients file, read once, as the estimator iterates. */
    static final class Recipients implements Iterable<String>, Closeable {
        private final Lines lines;
        private boolean iterated;

        Recipients(Lines lines) {
            this.lines = lines;
        }

        @Override
        public Iterator<String> iterator() {
            if (iterated) {
                throw new IllegalStateException("recipients are read once");
            }
            iterated = true;
            return new Iterator<>() {
                private String next = advance();

                private String advance() {
                    for (String l = lines.next(); l != null; l = lines.next()) {
                        String number = l.strip();
                        if (!number.isEmpty() && !number.startsWith("#")) {
                            return number;
                        }
                    }
                    return null;
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public String next() {
                    if (next == null) {
                        throw new NoSuchElementException();
                    }
                    String current = next;
                    next = advance();
                    return current;
                }
            };
        }

        @Override
        public void close() {
            lines.close();
        }
    }
}
