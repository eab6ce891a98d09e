package dev.balanceguard.examples.preflight;

/** Bad input from the command line, a file or the environment; the message names the problem. Exit code 2. */
final class InputException extends RuntimeException {

    InputException(String message) {
        super(message);
    }

    InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
