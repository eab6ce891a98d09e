package dev.balanceguard.spring.autoconfigure;

import dev.balanceguard.core.SafeText;
import dev.balanceguard.webhook.PriceReport;
import dev.balanceguard.webhook.SpendWebhooks;
import dev.balanceguard.webhook.TwilioPrices;
import dev.balanceguard.webhook.WebhookResult;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * POST {@code <path>/<account>}: hands the request to {@link SpendWebhooks} and answers with its status, with no
 * body. Outside Spring MVC, so the body is read raw and at most one byte past the cap, and nothing (a form filter,
 * a message converter) reads it first. Twilio reports still without a price go to {@link TwilioPrices}.
 */
final class SpendWebhookServlet extends HttpServlet {

    private static final System.Logger LOG = System.getLogger(SpendWebhookServlet.class.getName());

    private final transient SpendWebhooks webhooks;
    private final transient @Nullable TwilioPrices prices;
    private final @Nullable URI publicUrl;

    SpendWebhookServlet(SpendWebhooks webhooks, @Nullable TwilioPrices prices, @Nullable URI publicUrl) {
        this.webhooks = webhooks;
        this.prices = prices;
        this.publicUrl = publicUrl;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String account = account(request.getPathInfo());
        if (account == null) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        int cap = webhooks.maxBodyBytes();
        long declared = request.getContentLengthLong();
        byte[] body;
        if (declared > cap) {
            body = new byte[cap + 1]; // refused by its size, unread
        } else {
            try (InputStream in = request.getInputStream()) {
                body = in.readNBytes(cap + 1);
            }
        }
        URI url;
        try {
            url = url(request);
        } catch (URISyntaxException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        WebhookResult result = webhooks.receive(account, headers(request), url, body);
        if (result instanceof WebhookResult.Refused refused) {
            LOG.log(
                    System.Logger.Level.INFO,
                    () -> "balance-guard webhook for account " + SafeText.quote(account) + " refused ("
                            + refused.refusal() + "): " + refused.detail());
            response.setStatus(refused.refusal().status());
            return;
        }
        if (prices != null) {
            for (PriceReport unpriced : ((WebhookResult.Verified) result).unpriced()) {
                prices.submit(unpriced);
            }
        }
        response.setStatus(HttpServletResponse.SC_OK);
    }

    /** The single path segment after the mapping, or {@code null}. */
    private static @Nullable String account(@Nullable String pathInfo) {
        if (pathInfo == null || pathInfo.length() < 2 || pathInfo.indexOf('/', 1) >= 0) {
            return null;
        }
        return pathInfo.substring(1);
    }

    /** The URL the provider called: the public URL's origin when configured, else the request's; raw query. */
    private URI url(HttpServletRequest request) throws URISyntaxException {
        String query = request.getQueryString();
        String base = publicUrl != null
                ? stripSlash(publicUrl.toString()) + request.getRequestURI()
                : request.getRequestURL().toString();
        return new URI(query == null ? base : base + "?" + query);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        return headers;
    }
}
