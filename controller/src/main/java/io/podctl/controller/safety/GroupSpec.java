package io.podctl.controller.safety;

import java.util.Objects;

/**
 * A voting group of redundant channels, compiled. Immutable.
 *
 * @param id               group id
 * @param description      for people
 * @param channels         board indexes of the channels
 * @param channelIds       their point ids
 * @param votesToTrip      trip votes needed (1 for 1oo2, 2 for 2oo3)
 * @param band             a channel further than this from the others is suspect
 * @param exclusionNanos   a suspect channel is excluded after this long, and re-included after as long in band
 */
public record GroupSpec(String id, String description, int[] channels, String[] channelIds, int votesToTrip,
                        double band, long exclusionNanos) {
    public GroupSpec {
        Objects.requireNonNull(id, "id");
        channels = channels.clone();
        channelIds = channelIds.clone();
        if (channels.length < 2 || channels.length != channelIds.length) {
            throw new IllegalArgumentException(id + ": a voting group needs at least two channels");
        }
        if (votesToTrip < 1 || votesToTrip > channels.length) {
            throw new IllegalArgumentException(id + ": votes to trip out of range");
        }
    }

    @Override
    public int[] channels() {
        return channels.clone();
    }

    @Override
    public String[] channelIds() {
        return channelIds.clone();
    }

    /** "1oo2" or "2oo3" style name. */
    public String architecture() {
        return votesToTrip + "oo" + channels.length;
    }
}
