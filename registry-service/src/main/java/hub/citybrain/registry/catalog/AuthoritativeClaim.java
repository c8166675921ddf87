package hub.citybrain.registry.catalog;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * 一数一源: one authoritative source per (subject type, field). The id is the pair itself, so the database's
 * primary key refuses a second claim even when two registrations race.
 */
@Document("authoritative_sources")
record AuthoritativeClaim(@Id String id, String subjectType, String field, String resourceId) {

    static String idOf(String subjectType, String field) {
        return subjectType + ":" + field;
    }
}
