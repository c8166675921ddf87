package hub.citybrain.console.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.SimpleLocaleContext;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.i18n.LocaleContextResolver;

/**
 * Chinese first, English second. The language is chosen by the switch in the header ({@code ?lang=en}, remembered
 * in a cookie), else by the browser's {@code Accept-Language}; anything else gets Chinese.
 */
@Configuration(proxyBeanMethods = false)
class LanguageConfiguration {

    static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;
    static final List<Locale> OFFERED = List.of(CHINESE, Locale.ENGLISH);
    static final String COOKIE = "console-lang";

    /** The name Boot's WebFlux configuration looks for; it backs off from its own. */
    @Bean
    LocaleContextResolver localeContextResolver() {
        return new LocaleContextResolver() {

            @Override
            public LocaleContext resolveLocaleContext(ServerWebExchange exchange) {
                String asked = exchange.getRequest().getQueryParams().getFirst("lang");
                if (asked != null) {
                    Locale chosen = offered(asked);
                    exchange.getResponse().addCookie(ResponseCookie.from(COOKIE, chosen.toLanguageTag())
                            .path("/").httpOnly(true).sameSite("Lax").maxAge(Duration.ofDays(365)).build());
                    return new SimpleLocaleContext(chosen);
                }
                HttpCookie cookie = exchange.getRequest().getCookies().getFirst(COOKIE);
                if (cookie != null) {
                    return new SimpleLocaleContext(offered(cookie.getValue()));
                }
                List<Locale> accepted = exchange.getRequest().getHeaders().getAcceptLanguageAsLocales();
                Locale best = accepted.isEmpty() ? CHINESE : Locale.lookup(
                        exchange.getRequest().getHeaders().getAcceptLanguage(), OFFERED);
                return new SimpleLocaleContext(best == null ? CHINESE : best);
            }

            @Override
            public void setLocaleContext(ServerWebExchange exchange, LocaleContext localeContext) {
                throw new UnsupportedOperationException("the language is chosen with ?lang=");
            }
        };
    }

    static Locale offered(String tag) {
        return tag != null && tag.toLowerCase(Locale.ROOT).startsWith("en") ? Locale.ENGLISH : CHINESE;
    }
}
