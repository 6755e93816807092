package dev.trawl.runtime;

/**
 * Liveness and readiness of a process, served by {@link AdminServer}. Written by the role's main
 * loop, read by the admin server's threads; volatile fields make each flip visible at once.
 */
public final class Health {

  private volatile boolean live = true;
  private volatile boolean ready;

  public boolean live() {
    return live;
  }

  public boolean ready() {
    return live && ready;
  }

  /** Marks the process able (or no longer able) to do its work. */
  public void setReady(boolean ready) {
    this.ready = ready;
  }

  /** Marks the process broken beyond repair: an orchestrator should restart it. */
  public void setDead() {
    this.live = false;
  }
}
