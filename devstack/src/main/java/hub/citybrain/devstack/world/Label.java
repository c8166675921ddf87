package hub.citybrain.devstack.world;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The wording of a coded value, written beside its enum constant: Chinese as the source systems write it, English
 * for readers. Read through {@link Labelled}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Label {

    String zh();

    String en();
}
