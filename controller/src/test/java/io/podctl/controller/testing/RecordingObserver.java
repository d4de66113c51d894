package io.podctl.controller.testing;

import io.podctl.controller.commands.CommandReply;
import io.podctl.controller.events.PodEvent;
import io.podctl.controller.state.PodObserver;
import io.podctl.controller.state.PodStateView;
import java.util.ArrayList;
import java.util.List;

/** Keeps every event, reply and state a loop hands on, for tests that step the loop on their own thread. */
public final class RecordingObserver implements PodObserver {
    public final List<PodEvent> events = new ArrayList<>();
    public final List<CommandReply> replies = new ArrayList<>();
    public final List<PodStateView> states = new ArrayList<>();

    @Override
    public void onEvent(PodEvent event) {
        events.add(event);
    }

    @Override
    public void onReply(CommandReply reply) {
        replies.add(reply);
    }

    @Override
    public void onState(PodStateView state) {
        states.add(state);
    }
}
