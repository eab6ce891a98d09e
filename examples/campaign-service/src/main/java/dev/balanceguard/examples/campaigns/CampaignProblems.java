package dev.balanceguard.examples.campaigns;

import dev.balanceguard.GuardDecision;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.SafeText;
import dev.balanceguard.cost.InvalidRecipientsException;
import dev.balanceguard.cost.NoMatchingRateException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;
import java.util.Locale;

/**
 * Every failure as an RFC 9457 problem ({@code application/problem+json}). A client's mistake is a 4xx that
 * names the field; text the client sent is echoed only shortened and with invisible characters escaped
 * ({@link SafeText}), and never logged. Spring MVC's own errors (malformed JSON, wrong method or media type)
 * are problems too, through {@link ResponseEntityExceptionHandler}. Only a failure of the service itself is a
 * 500, logged once with its stack trace.
 */
@RestControllerAdvice
class CampaignProblems extends ResponseEntityExceptionHandler {

    private static final Log LOG = LogFactory.getLog(CampaignProblems.class);
    /** How much of a message built from client text a problem echoes. */
    private static final int ECHO = 500;

    @ExceptionHandler(InvalidCampaignException.class)
    ProblemDetail invalid(InvalidCampaignException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), SafeText.clean(e.getMessage(), ECHO));
        problem.setTitle(e.status() == HttpStatus.NOT_FOUND ? "Unknown " + e.field() : "Invalid " + e.field());
        problem.setProperty("field", e.field());
        return problem;
    }

    @ExceptionHandler({InvalidRecipientsException.class, NoMatchingRateException.class})
    ProblemDetail badRecipients(RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                SafeText.clean(e.getMessage(), ECHO));
        problem.setTitle("Recipients cannot be priced");
        problem.setProperty("field", "recipients");
        return problem;
    }

    @ExceptionHandler(InsufficientBalanceException.class)
    ProblemDetail blocked(InsufficientBalanceException e) {
        GuardDecision decision = e.decision();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYMENT_REQUIRED, decision.message());
        problem.setType(URI.create("urn:balance-guard:problem:" + decision.reason().name().toLowerCase(Locale.ROOT)));
        problem.setTitle("Campaign blocked: the account cannot pay for it");
        problem.setProperty("account", decision.account());
        problem.setProperty("reason", decision.reason().name());
        problem.setProperty("currency", decision.estimate().unit());
        problem.setProperty("balance", decision.balance().map(Money::toPlainString).orElse(null));
        problem.setProperty("unbooked_spend", decision.unbookedSpend().toPlainString());
        problem.setProperty("reserved", decision.reserved().toPlainString());
        problem.setProperty("available", decision.available().map(Money::toPlainString).orElse(null));
        problem.setProperty("estimate", decision.required().toPlainString());
        problem.setProperty("min", decision.min().toPlainString());
        problem.setProperty("shortfall", decision.shortfall().toPlainString());
        problem.setProperty("recipients", decision.recipients());
        if (decision.coverableRecipients().isPresent()) {
            problem.setProperty("coverable_recipients", decision.coverableRecipients().getAsLong());
        }
        return problem;
    }

    /**
     * A failure of the service itself. The client learns nothing internal; the log gets the stack trace, with
     * the message shortened and escaped in case it carries request text.
     */
    @ExceptionHandler(Exception.class)
    ProblemDetail failed(Exception e) {
        Exception logged = new Exception(e.getClass().getName() + ": " + SafeText.clean(e.getMessage(), ECHO));
        logged.setStackTrace(e.getStackTrace());
        LOG.error("campaign request failed", logged);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "the service failed; the failure is in its log");
        problem.setTitle("Internal error");
        return problem;
    }
}
