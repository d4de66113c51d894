package io.podctl.controller.commands;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * The bounded hand-off from the MQTT thread to the control loop. When full, new commands are refused with
 * {@link ReasonCode#BUSY} by the intake: a flood cannot grow memory or delay the loop.
 *
 * <p>Threading: {@link #offer} from the intake thread, {@link #drainTo} from the loop thread.
 */
public final class CommandInbox {
    private final ArrayBlockingQueue<CommandRequest> queue;
    private final int maxPerCycle;

    /**
     * @param capacity    most commands waiting
     * @param maxPerCycle most commands the loop takes in one cycle
     */
    public CommandInbox(int capacity, int maxPerCycle) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxPerCycle = maxPerCycle;
    }

    /** Queues a command; false when full. Never blocks. */
    public boolean offer(CommandRequest request) {
        return queue.offer(request);
    }

    /** Moves at most the per-cycle quota of waiting commands into {@code sink}. Never blocks. */
    public int drainTo(List<CommandRequest> sink) {
        return queue.drainTo(sink, maxPerCycle);
    }

    /** Commands waiting now. */
    public int size() {
        return queue.size();
    }
}
