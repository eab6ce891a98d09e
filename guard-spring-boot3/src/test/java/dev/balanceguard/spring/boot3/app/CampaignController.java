package dev.balanceguard.spring.boot3.app;

import dev.balanceguard.InsufficientBalanceException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The campaign API: a refused run is 402 Payment Required. */
@RestController
class CampaignController {

    private final CampaignSender sender;

    CampaignController(CampaignSender sender) {
        this.sender = sender;
    }

    @PostMapping("/campaigns")
    String send(@RequestParam String to, @RequestParam(defaultValue = "main") String account) {
        int sent = account.equals("low") ? sender.sendFromLow(List.of(to), "Hi") : sender.send(List.of(to), "Hi");
        return "sent " + sent;
    }

    @ExceptionHandler(InsufficientBalanceException.class)
    ResponseEntity<String> refused(InsufficientBalanceException e) {
        return ResponseEntity.status(HttpStatus.PAYMENT_REQUIRED)
                .body(e.decision().reason().name());
    }
}
