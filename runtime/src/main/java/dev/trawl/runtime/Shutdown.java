package dev.trawl.runtime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Graceful shutdown on SIGTERM or Ctrl-C: the hook asks the role to stop, then waits (bounded)
 * until the role says it has finished, so in-flight work is completed and offsets committed.
 */
public final class Shutdown implements AutoCloseable {

  private final CountDownLatch finished = new CountDownLatch(1);

  /** Written by {@link #onSignal} before the hook is registered; read by {@link #close}. */
  private Thread hook;

  private Shutdown() {}

  /**
   * Registers a JVM shutdown hook that runs {@code requestStop} and then waits up to {@code
   * graceMillis} for {@link #finished()}.
   */
  public static Shutdown onSignal(String role, Runnable requestStop, long graceMillis) {
    Shutdown shutdown = new Shutdown();
    Thread hook =
        new Thread(
            () -> {
              requestStop.run();
              try {
                shutdown.finished.await(graceMillis, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            role + "-shutdown");
    shutdown.hook = hook;
    Runtime.getRuntime().addShutdownHook(hook);
    return shutdown;
  }

  /** Called by the role when it has stopped cleanly. */
  public void finished() {
    finished.countDown();
  }

  /**
   * Marks the role finished and removes the hook, so that roles run many times in one JVM (the
   * local launcher, tests) do not pile up hooks.
   */
  @Override
  public void close() {
    finished();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook is running and has just been released.
    }
  }
}
