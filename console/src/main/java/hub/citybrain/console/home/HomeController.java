package hub.citybrain.console.home;

import java.time.Clock;
import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import hub.citybrain.console.hub.Hub;
import hub.citybrain.console.signin.ConsoleUser;
import reactor.core.publisher.Mono;

/** The page after sign-in: who the user is, and what waits for them. */
@Controller
class HomeController {

    private final Hub hub;
    private final Clock clock;

    HomeController(Hub hub, Clock clock) {
        this.hub = hub;
        this.clock = clock;
    }

    @GetMapping("/")
    Mono<String> home(@AuthenticationPrincipal OidcUser oidc, Model model) {
        ConsoleUser user = ConsoleUser.of(oidc);
        return hub.agreements(Map.of()).collectList()
                .map(visible -> Desk.of(user.department(), user.has(ConsoleUser.HUB_ADMIN), visible, clock.instant()))
                .map(desk -> {
                    model.addAttribute("desk", desk);
                    return "home";
                });
    }
}
