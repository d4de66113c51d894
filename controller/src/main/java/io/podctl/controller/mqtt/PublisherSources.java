package io.podctl.controller.mqtt;

import io.podctl.controller.journal.EventJournal;
import java.util.List;
import java.util.Objects;

/**
 * What a publisher reads besides the loop's hand-offs: the event journal it sends from, the report-by-exception
 * policy per point, and the text points. Immutable.
 *
 * @param journal  where events go before they are sent (the runtime starts its sender), or null to send events from
 *                 a bounded in-memory queue (podctl's own topics only; Sparkplug needs a journal)
 * @param policies report-by-exception policy per point; points without one publish every change
 * @param texts    the text points and what of them was published (read on the publisher's thread)
 */
public record PublisherSources(EventJournal journal, List<PublishPolicy> policies, TextChanges texts) {
    public PublisherSources {
        policies = List.copyOf(policies);
        Objects.requireNonNull(texts, "texts");
    }

    /** No journal, no policies, no text points. */
    public static PublisherSources none() {
        return new PublisherSources(null, List.of(), TextChanges.none());
    }
}
