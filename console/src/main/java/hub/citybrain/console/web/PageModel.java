package hub.citybrain.console.web;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;

import hub.citybrain.console.hub.HubException;
import hub.citybrain.console.signin.ConsoleUser;
import reactor.core.publisher.Mono;

/**
 * What every page has: the signed-in user (for the header and for choosing what to offer), the CSRF token for its
 * forms and for htmx (read from a meta tag by console.js), and the API's problems shown as a page.
 */
@ControllerAdvice
class PageModel {

    @ModelAttribute("user")
    ConsoleUser user(@AuthenticationPrincipal OidcUser oidc) {
        return oidc == null ? null : ConsoleUser.of(oidc);
    }

    /** WebFlux makes the token lazily; subscribing here creates it for the session before the page is written. */
    @ModelAttribute("_csrf")
    Mono<CsrfToken> csrf(ServerWebExchange exchange) {
        Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
        return token == null ? Mono.empty() : token;
    }

    /** A problem of the API, in the user's language with its code and trace id; never a stack trace. */
    @ExceptionHandler(HubException.class)
    String problem(HubException e, Model model, ServerWebExchange exchange) {
        HttpStatus status = HttpStatus.resolve(e.problem().status());
        exchange.getResponse().setStatusCode(status == null ? HttpStatus.BAD_GATEWAY : status);
        model.addAttribute("problem", e.problem());
        return "problem";
    }
}
