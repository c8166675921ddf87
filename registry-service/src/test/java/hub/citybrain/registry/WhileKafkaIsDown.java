package hub.citybrain.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import hub.citybrain.testsupport.KafkaOutage;

/**
 * What the {@link RegistryWhileKafkaIsDownIT} tests share: the API, the stored documents whose events wait in them
 * while Kafka is down, and the outage the test ends.
 */
abstract class WhileKafkaIsDown {

    @Autowired
    RegistryApi api;
    @Autowired
    ReactiveMongoTemplate mongo;
    /** The address the registry is configured with; nothing answers there until the broker "comes up". */
    @Autowired
    KafkaOutage kafka;

    Document document(String collection, String id) {
        Document doc = mongo.findById(id, Document.class, collection).block(Duration.ofSeconds(5));
        assertThat(doc).isNotNull();
        return doc;
    }

    /** The events waiting in the document to be published. */
    List<Document> pendingEvents(String collection, String id) {
        return document(collection, id).getList("pendingEvents", Document.class);
    }
}
