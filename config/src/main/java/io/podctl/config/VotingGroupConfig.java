package io.podctl.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Identifier;
import io.podctl.config.schema.IdKind;
import io.podctl.config.schema.DurationRange;
import io.podctl.config.schema.Range;
import io.podctl.config.schema.Required;
import java.time.Duration;
import java.util.List;

/**
 * Redundant sensors of one quantity, voted. A protection watches the group by naming its id as its point.
 * A channel whose sample is not GOOD, or that disagrees with the others beyond {@code discrepancyBand} for
 * {@code discrepancyDelay} (it is then excluded, with an alarm), counts as a trip vote: 2oo3 with one bad
 * channel degrades to 1oo2 of the remaining ones. Warning and alarm levels use the median of the good
 * channels.
 *
 * @param id               group id, used as a point id by protections
 * @param description      free text
 * @param points           the channels: 2 points for 1oo2, 3 for 2oo3
 * @param vote             voting: {@code 1oo2} or {@code 2oo3}
 * @param discrepancyBand  a channel further than this from the median of the others is suspect (point unit)
 * @param discrepancyDelay a suspect channel is excluded after this long (default 30 s, as Lenovo's Neptune)
 */
@Doc("Redundant sensors voted 1oo2 or 2oo3; protections name the group id as their point.")
public record VotingGroupConfig(
        @Doc("Group id; protections use it as their point.") @Required
        @Identifier(IdKind.DOTTED) String id,
        @Doc("Free text.") String description,
        @Doc("The channels: 2 points for 1oo2, 3 for 2oo3.") @Required @Identifier(IdKind.REF) List<String> points,
        @Doc("Voting: 1oo2 or 2oo3.") @Required Vote vote,
        @Doc("A channel further than this from the median of the group is suspect, in the points' unit.")
        @Required @Range(min = 0) Double discrepancyBand,
        @Doc("A suspect channel is excluded (with an alarm) after this long (default 30s).")
        @DurationRange(max = "1h") Duration discrepancyDelay) {

    public VotingGroupConfig {
        description = description != null ? description : "";
        points = points != null ? List.copyOf(points) : List.of();
        discrepancyDelay = discrepancyDelay != null ? discrepancyDelay : Duration.ofSeconds(30);
    }

    /** Voting architectures. */
    public enum Vote {
        /** Either of two channels trips. */
        @JsonProperty("1oo2") ONE_OUT_OF_TWO(2, 1),
        /** Two of three channels trip. */
        @JsonProperty("2oo3") TWO_OUT_OF_THREE(3, 2);

        private final int channels;
        private final int votesToTrip;

        Vote(int channels, int votesToTrip) {
            this.channels = channels;
            this.votesToTrip = votesToTrip;
        }

        /** Number of channels the architecture needs. */
        public int channels() {
            return channels;
        }

        /** Trip votes needed. */
        public int votesToTrip() {
            return votesToTrip;
        }
    }
}
