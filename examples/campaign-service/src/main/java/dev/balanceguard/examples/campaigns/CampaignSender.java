package dev.balanceguard.examples.campaigns;

import dev.balanceguard.annotation.RequiresBalance;
import org.springframework.stereotype.Service;

/**
 * Sends campaigns. The annotation prices the request from the account's rate card and refuses the call,
 * before any message goes out, when the account cannot pay for it.
 */
@Service
public class CampaignSender {

    private final SmsGateway gateway;

    public CampaignSender(SmsGateway gateway) {
        this.gateway = gateway;
    }

    @RequiresBalance(
            account = "#request.account()",
            recipients = "#request.recipients()",
            message = "#request.message()",
            min = "${campaigns.minimum-balance:0}")
    public CampaignResult send(CampaignRequest request) {
        request.recipients().forEach(recipient -> gateway.send(recipient, request.message()));
        return new CampaignResult(request.recipients().size(), request.account());
    }
}
