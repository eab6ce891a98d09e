package dev.balanceguard.examples.campaigns;

import dev.balanceguard.GuardDecision;
import dev.balanceguard.InsufficientBalanceException;
import dev.balanceguard.Money;
import dev.balanceguard.cost.InvalidRecipientsException;
import dev.balanceguard.cost.NoMatchingRateException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** {@code POST /campaigns}: 202 when sent, 402 with the decision as an RFC 9457 problem when refused. */
@RestController
@RequestMapping("/campaigns")
class CampaignController {

    private final CampaignSender sender;

    CampaignController(CampaignSender sender) {
        this.sender = sender;
    }

    @PostMapping
    ResponseEntity<CampaignResult> send(@RequestBody CampaignRequest request) {
        return ResponseEntity.accepted().body(sender.send(request));
    }

    @ExceptionHandler(InsufficientBalanceException.class)
    ProblemDetail blocked(InsufficientBalanceException e) {
        GuardDecision decision = e.decision();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYMENT_REQUIRED, decision.message());
        problem.setType(URI.create("urn:balance-guard:problem:" + decision.reason().name().toLowerCase()));
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

    @ExceptionHandler({InvalidRecipientsException.class, NoMatchingRateException.class})
    ProblemDetail badRecipients(RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Recipients cannot be priced");
        return problem;
    }
}
