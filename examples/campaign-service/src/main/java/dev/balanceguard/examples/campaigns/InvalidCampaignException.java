package dev.balanceguard.examples.campaigns;

import org.springframework.http.HttpStatus;

/** A request the service will not run, and the field that says why; answered as a problem with that status. */
final class InvalidCampaignException extends RuntimeException {

    private final HttpStatus status;
    private final String field;

    InvalidCampaignException(HttpStatus status, String field, String detail) {
        super(detail, null, false, false); // a client's mistake: no stack trace to fill or log
        this.status = status;
        this.field = field;
    }

    HttpStatus status() {
        return status;
    }

    String field() {
        return field;
    }
}
