package dev.balanceguard.examples.campaigns;

import dev.balanceguard.BalanceGuard;
import dev.balanceguard.core.SafeText;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /campaigns}: 202 when sent; otherwise an RFC 9457 problem ({@link CampaignProblems}): 400 for a
 * missing, malformed or oversized field, 404 for an unknown account, 402 when the account cannot pay, 413 for
 * a body over {@code campaigns.limits.max-request-size}.
 */
@RestController
@RequestMapping("/campaigns")
class CampaignController {

    private final CampaignSender sender;
    private final BalanceGuard guard;
    private final CampaignLimits limits;

    CampaignController(CampaignSender sender, BalanceGuard guard, CampaignLimits limits) {
        this.sender = sender;
        this.guard = guard;
        this.limits = limits;
    }

    @PostMapping
    ResponseEntity<CampaignResult> send(@RequestBody CampaignRequest request) {
        return ResponseEntity.accepted().body(sender.send(check(request)));
    }

    /**
     * Every field, before anything is priced: a client's mistake is a 4xx naming the field, never a 500. Returns the
     * request naming the account it runs on (the default one when it names none), so the guard checks that account
     * and the answer names it.
     */
    private CampaignRequest check(CampaignRequest request) {
        if (request.recipients() == null || request.recipients().isEmpty()) {
            throw invalid("recipients", "recipients must list at least one E.164 number");
        }
        if (request.recipients().size() > limits.maxRecipients()) {
            throw invalid(
                    "recipients",
                    "recipients lists " + request.recipients().size() + " numbers; one request " + "may name at most "
                            + limits.maxRecipients());
        }
        if (request.message() == null || request.message().isBlank()) {
            throw invalid("message", "message is required");
        }
        if (request.message().length() > limits.maxMessageLength()) {
            throw invalid("message", "message is longer than " + limits.maxMessageLength() + " characters");
        }
        String account = request.account();
        if (account == null || account.isBlank()) {
            return request.onAccount(guard.defaultAccount());
        }
        if (!guard.accounts().contains(account.trim())) {
            throw new InvalidCampaignException(
                    HttpStatus.NOT_FOUND, "account", "no account named " + SafeText.quote(account));
        }
        return request.onAccount(account.trim());
    }

    private static InvalidCampaignException invalid(String field, String detail) {
        return new InvalidCampaignException(HttpStatus.BAD_REQUEST, field, detail);
    }
}
