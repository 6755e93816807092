package dev.trawl.cli;

import dev.trawl.fetch.FetchWorkerCommand;
import dev.trawl.process.ProcessWorkerCommand;
import dev.trawl.producer.IntakeCommand;
import dev.trawl.producer.ProduceCommand;
import dev.trawl.runtime.config.Setting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The roles that run as their own processes, in data-flow order, with the settings of each: what
 * {@code trawl config} documents and what the deployment files may set.
 */
public final class Roles {

  private Roles() {}

  /** Each role's command name and settings. */
  public static Map<String, List<Setting<?>>> settings() {
    Map<String, List<Setting<?>>> roles = new LinkedHashMap<>();
    roles.put("produce", ProduceCommand.SETTINGS);
    roles.put("intake", IntakeCommand.SETTINGS);
    roles.put("fetch-worker", FetchWorkerCommand.SETTINGS);
    roles.put("process-worker", ProcessWorkerCommand.SETTINGS);
    return roles;
  }
}
