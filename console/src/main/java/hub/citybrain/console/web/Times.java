package hub.citybrain.console.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/** Times as people in the hub's jurisdiction read them: Asia/Shanghai, to the minute ({@code ${@times.show(t)}}). */
@Component("times")
public class Times {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(SHANGHAI);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(SHANGHAI);

    public String show(Instant at) {
        return at == null ? "" : MINUTES.format(at);
    }

    public String day(Instant at) {
        return at == null ? "" : DAY.format(at);
    }
}
