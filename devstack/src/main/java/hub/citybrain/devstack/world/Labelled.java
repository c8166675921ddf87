package hub.citybrain.devstack.world;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A coded value (an enum whose constants carry a {@link Label}) and its wording. One reader for every such enum, so
 * each enum is only its constants and their labels.
 */
public interface Labelled {

    /** The Chinese wording, as the source systems write it. */
    default String zh() {
        return Labels.of(this).zh();
    }

    /** The English wording, for readers. */
    default String en() {
        return Labels.of(this).en();
    }

    /** The labels read once per constant: the source systems ask for them on every answer. */
    final class Labels {

        private static final Map<Labelled, Label> READ = new ConcurrentHashMap<>();

        private Labels() {
        }

        static Label of(Labelled value) {
            return READ.computeIfAbsent(value, Labels::read);
        }

        private static Label read(Labelled value) {
            Enum<?> constant = (Enum<?>) value;
            try {
                Label label = constant.getDeclaringClass().getField(constant.name()).getAnnotation(Label.class);
                if (label == null) {
                    throw new IllegalStateException(constant.getDeclaringClass().getSimpleName() + "." + constant.name()
                            + " has no @Label");
                }
                return label;
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
