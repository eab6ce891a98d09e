package dev.balanceguard.examples.campaigns;

import dev.balanceguard.GuardDecision;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.core.Money;
import dev.balanceguard.core.SafeText;
import dev.balanceguard.cost.InvalidRecipientsException;
import dev.balanceguard.cost.NoMatchingRateException;
import java.net.URI;
import java.util.Locale;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

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

    private final StoreOutageLog outages;

    CampaignProblems(StoreOutageLog outages) {
        this.outages = outages;
    }

    @ExceptionHandler(InvalidCampaignException.class)
    ProblemDetail invalid(InvalidCampaignException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), SafeText.clean(e.getMessage(), ECHO));
        problem.setTitle(e.status() == HttpStatus.NOT_FOUND ? "Unknown " + e.field() : "Invalid " + e.field());
        problem.setProperty("field", e.field());
        return problem;
    }

    @ExceptionHandler({InvalidRecipientsException.class, NoMatchingRateException.class})
    ProblemDetail badRecipients(RuntimeException e) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, SafeText.clean(e.getMessage(), ECHO));
        problem.setTitle("Recipients cannot be priced");
        problem.setProperty("field", "recipients");
        return problem;
    }

    /**
     * A refused run: 402 when the account cannot pay for it, or a budget it counts against is spent (then also
     * {@code budget}, {@code limit}, {@code spent}, {@code held}, {@code remaining}, {@code resets_at}), with the
     * decision's figures (those the guard does not know, because it did not get as far as the ledger, are
     * {@code null}); 422 when the account's spend rules refuse it; 503 when the shared store did not answer.
     */
    @ExceptionHandler(InsufficientBalanceException.class)
    ProblemDetail blocked(InsufficientBalanceException e) {
        GuardDecision decision = e.decision();
        if (decision.reason() == GuardDecision.Reason.STORE_UNAVAILABLE) {
            return storeUnavailable(decision);
        }
        if (decision.rule().isPresent()) {
            return refusedByRule(decision);
        }
        // the ledger's figures exist only where the guard got as far as the ledger: then "available" is known
        boolean ledgerKnown = decision.available().isPresent();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYMENT_REQUIRED, decision.message());
        problem.setType(URI.create(
                "urn:balance-guard:problem:" + decision.reason().name().toLowerCase(Locale.ROOT)));
        problem.setTitle("Campaign blocked: the account cannot pay for it");
        problem.setProperty("account", decision.account());
        problem.setProperty("reason", decision.reason().name());
        problem.setProperty("currency", decision.estimate().unit());
        problem.setProperty(
                "balance", decision.balance().map(Money::toPlainString).orElse(null));
        problem.setProperty(
                "unbooked_spend", ledgerKnown ? decision.unbookedSpend().toPlainString() : null);
        problem.setProperty("reserved", ledgerKnown ? decision.reserved().toPlainString() : null);
        problem.setProperty(
                "available", decision.available().map(Money::toPlainString).orElse(null));
        problem.setProperty("estimate", decision.required().toPlainString());
        problem.setProperty("min", decision.min().toPlainString());
        problem.setProperty("shortfall", ledgerKnown ? decision.shortfall().toPlainString() : null);
        problem.setProperty("recipients", decision.recipients());
        if (decision.coverableRecipients().isPresent()) {
            problem.setProperty(
                    "coverable_recipients", decision.coverableRecipients().getAsLong());
        }
        decision.budget()
                .ifPresent(
                        budget -> { // BUDGET_EXCEEDED: the budget, not the balance, refused it
                            problem.setTitle("Campaign blocked: over budget '" + budget.name() + "'");
                            problem.setProperty("budget", budget.name());
                            problem.setProperty("limit", budget.limit().toPlainString());
                            problem.setProperty("spent", budget.spent().toPlainString());
                            problem.setProperty("held", budget.held().toPlainString());
                            problem.setProperty("remaining", budget.remaining().toPlainString());
                            problem.setProperty("resets_at", budget.resetsAt().toString());
                        });
        return problem;
    }

    /**
     * The account's spend rules refuse the run ({@code DESTINATION_NOT_ALLOWED}, {@code RUN_LIMIT_EXCEEDED}): the
     * request asks for what the account may never do, whatever its balance, so 422. The problem names the rule, its
     * limit, the refused countries and how many recipients; never a number.
     */
    private static ProblemDetail refusedByRule(GuardDecision decision) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, decision.message());
        problem.setType(URI.create(
                "urn:balance-guard:problem:" + decision.reason().name().toLowerCase(Locale.ROOT)));
        problem.setTitle(
                decision.reason() == GuardDecision.Reason.RUN_LIMIT_EXCEEDED
                        ? "Campaign refused: it costs more than the account allows per run"
                        : "Campaign refused: the account does not send to some of its recipients");
        problem.setProperty("account", decision.account());
        problem.setProperty("reason", decision.reason().name());
        problem.setProperty("rule", decision.rule().orElseThrow());
        problem.setProperty(
                "limit", decision.ruleLimit().map(Money::toPlainString).orElse(null));
        problem.setProperty("currency", decision.estimate().unit());
        problem.setProperty("cost", decision.estimate().toPlainString());
        problem.setProperty("recipients", decision.recipients());
        if (decision.reason() == GuardDecision.Reason.DESTINATION_NOT_ALLOWED) {
            problem.setProperty("countries", decision.refusedCountries());
            problem.setProperty("refused_recipients", decision.refusedRecipients());
        }
        return problem;
    }

    /**
     * The shared store of holds did not answer, so the run could not be checked: the service is unavailable, not the
     * account short of money. The client learns nothing of the store (host, port, SQL, tables: the log has them, once
     * per outage) and no figure the guard could not know.
     */
    private ProblemDetail storeUnavailable(GuardDecision decision) {
        outages.refused(decision);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The campaign was not sent: the service could not check what the account can spend. Try again later.");
        problem.setType(URI.create("urn:balance-guard:problem:store_unavailable"));
        problem.setTitle("Campaign not checked: the service is unavailable");
        problem.setProperty("account", decision.account());
        problem.setProperty("reason", decision.reason().name());
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
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "the service failed; the failure is in its log");
        problem.setTitle("Internal error");
        return problem;
    }
}
