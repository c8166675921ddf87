package hub.citybrain.support.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One problem+json answer an operation can give, with its stable {@code code}: the API document lists it under its
 * status, with an example body (see {@link ProblemDocumentation}). Only the operation's own answers are declared
 * here; the ones every operation shares (401, the role's 403, a deactivated department, the gateway's burst limit,
 * an unreadable or invalid request) are added from the method's signature and {@code @PreAuthorize}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(ProblemAnswer.List.class)
public @interface ProblemAnswer {

    /** The HTTP status, e.g. 404. */
    int status();

    /** The stable {@code code} of the problem body, as the service writes it. */
    String code();

    /** When it happens, worded as the service's {@code detail} would be; also the example's detail. */
    String detail();

    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        ProblemAnswer[] value();
    }
}
