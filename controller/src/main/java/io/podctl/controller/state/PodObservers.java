package io.podctl.controller.state;

import io.podctl.controller.commands.CommandReply;
import io.podctl.controller.events.PodEvent;
import io.podctl.controller.safety.AlarmView;
import io.podctl.controller.safety.SafetyMemory;
import io.podctl.sensors.Snapshot;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fans every notification out to several observers, in registration order. Observers can be added while
 * the loop runs (e.g. the terminal view).
 *
 * <p>Threading: as {@link PodObserver}; {@link #add} from any thread.
 */
public final class PodObservers implements PodObserver {
    private final List<PodObserver> observers = new CopyOnWriteArrayList<>();

    /** Adds an observer. */
    public PodObservers add(PodObserver observer) {
        observers.add(observer);
        return this;
    }

    @Override
    public void onState(PodStateView state) {
        for (PodObserver o : observers) {
            o.onState(state);
        }
    }

    @Override
    public void onAlarms(List<AlarmView> alarms) {
        for (PodObserver o : observers) {
            o.onAlarms(alarms);
        }
    }

    @Override
    public void onEvent(PodEvent event) {
        for (PodObserver o : observers) {
            o.onEvent(event);
        }
    }

    @Override
    public void onReply(CommandReply reply) {
        for (PodObserver o : observers) {
            o.onReply(reply);
        }
    }

    @Override
    public void onSnapshot(Snapshot snapshot) {
        for (PodObserver o : observers) {
            o.onSnapshot(snapshot);
        }
    }

    @Override
    public void onSafetyMemory(SafetyMemory memory) {
        for (PodObserver o : observers) {
            o.onSafetyMemory(memory);
        }
    }

    @Override
    public void onRebirth() {
        for (PodObserver o : observers) {
            o.onRebirth();
        }
    }
}
