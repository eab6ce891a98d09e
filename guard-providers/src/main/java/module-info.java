/**
 * Balance clients for the SMS and voice providers on one HTTP transport, and the pricing sources of those that
 * publish prices. Every package is exported but {@code dev.balanceguard.provider.internal}, the transport the
 * providers share.
 */
// guard-core, guard-pricing and guard-json are automatic modules whose names are fixed by their Automatic-Module-Name
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.balanceguard.providers {
    requires transitive dev.balanceguard.core;
    requires transitive dev.balanceguard.pricing;
    requires dev.balanceguard.json;
    requires java.net.http;
    requires java.xml;
    requires tools.jackson.core;
    requires static transitive org.jspecify;

    exports dev.balanceguard.provider.africastalking;
    exports dev.balanceguard.provider.clicksend;
    exports dev.balanceguard.provider.exotel;
    exports dev.balanceguard.provider.http;
    exports dev.balanceguard.provider.infobip;
    exports dev.balanceguard.provider.messagebird;
    exports dev.balanceguard.provider.plivo;
    exports dev.balanceguard.provider.telnyx;
    exports dev.balanceguard.provider.twilio;
    exports dev.balanceguard.provider.vonage;

    // the same list as META-INF/services/dev.balanceguard.provider.ProviderType, for the class path
    provides dev.balanceguard.provider.ProviderType with
            dev.balanceguard.provider.twilio.TwilioProviderType,
            dev.balanceguard.provider.exotel.ExotelProviderType,
            dev.balanceguard.provider.infobip.InfobipProviderType,
            dev.balanceguard.provider.messagebird.MessageBirdProviderType,
            dev.balanceguard.provider.vonage.VonageProviderType,
            dev.balanceguard.provider.plivo.PlivoProviderType,
            dev.balanceguard.provider.telnyx.TelnyxProviderType,
            dev.balanceguard.provider.clicksend.ClickSendProviderType,
            dev.balanceguard.provider.africastalking.AfricasTalkingProviderType;
}
