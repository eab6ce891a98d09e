package dev.balanceguard.examples.preflight;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads the CLI's input files, turning every failure into one line that names the file. */
final class Inputs {

    private Inputs() {
    }

    /** The file, once it is known to exist: for libraries whose own message would be less direct. */
    static Path existing(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(what + " not found: " + file);
        }
        return file;
    }

    /** The whole file as UTF-8 text. */
    static String text(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException(what + " not found: " + file);
        } catch (AccessDeniedException e) {
            throw new InputException(what + " is not readable: " + file);
        } catch (CharacterCodingException e) {
            throw new InputException(what + " is not UTF-8 text: " + file);
        } catch (IOException e) {
            throw new InputException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** The non-blank lines of a file, trimmed; lines starting with {@code #} are comments. */
    static List<String> lines(Path file, String what) {
        return text(file, what).lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
}
