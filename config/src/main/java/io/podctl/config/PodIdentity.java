package io.podctl.config;

/**
 * Who this pod is.
 *
 * @param site        site name, used in the topic root (letters, digits, '-' and '_')
 * @param id          pod id, unique at the site, used in the topic root
 * @param description free text for people
 */
public record PodIdentity(String site, String id, String description) {
    public PodIdentity {
        description = description != null ? description : "";
    }
}
