package dev.trawl.runtime;

import picocli.CommandLine.Option;

/** Where a process serves its admin endpoints (a picocli mixin). */
public final class AdminOptions {

  @Option(
      names = "--admin-port",
      paramLabel = "PORT",
      defaultValue = "${env:TRAWL_ADMIN_PORT:-0}",
      description =
          "Port of /health/live, /health/ready and /metrics; 0 picks a free one, -1 disables"
              + " (env TRAWL_ADMIN_PORT; default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--admin-host",
      paramLabel = "HOST",
      defaultValue = "${env:TRAWL_ADMIN_HOST:-0.0.0.0}",
      description =
          "Address the admin endpoints bind to (env TRAWL_ADMIN_HOST; default ${DEFAULT-VALUE}).")
  String host;

  public int port() {
    return port;
  }

  public String host() {
    return host;
  }
}
