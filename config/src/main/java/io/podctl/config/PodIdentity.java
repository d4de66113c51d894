package io.podctl.config;

import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Identifier;
import io.podctl.config.schema.IdKind;
import io.podctl.config.schema.Required;

/**
 * Who this pod is.
 *
 * @param site        site name, used in the topic root (letters, digits, '-' and '_')
 * @param id          pod id, unique at the site, used in the topic root
 * @param description free text for people
 */
@Doc("Who this pod is; site and id form the MQTT topic root.")
public record PodIdentity(
        @Doc("Site name, used in MQTT topics, e.g. 'lab' or 'fra1'.") @Required
        @Identifier(IdKind.SIMPLE) String site,
        @Doc("Pod id, unique at the site, used in MQTT topics, e.g. 'pod1'.") @Required
        @Identifier(IdKind.SIMPLE) String id,
        @Doc("Free text for people.") String description) {
    public PodIdentity {
        description = description != null ? description : "";
    }
}
