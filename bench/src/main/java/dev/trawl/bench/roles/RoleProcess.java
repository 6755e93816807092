package dev.trawl.bench.roles;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Trawl role ({@code trawl broker}, {@code trawl fetch-worker}, ...) in a JVM of its own, run
 * from the launcher's jar, that can be started again with the same command line after it was killed
 * or stopped. Its output goes to one log file, appended across restarts; its admin endpoints (when
 * it has a port) are read over loopback. Used by one thread.
 */
public final class RoleProcess implements AutoCloseable {

  /** glibc arenas, as the worker image limits them (Dockerfile). */
  private static final String MALLOC_ARENA_MAX = "2";

  private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(5);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final List<String> command;
  private final Path log;
  private final int adminPort;
  private Process process;
  private int starts;

  private RoleProcess(String name, List<String> command, Path log, int adminPort) {
    this.name = name;
    this.command = List.copyOf(command);
    this.log = log;
    this.adminPort = adminPort;
  }

  /**
   * A role named {@code name} run as {@code java JVM_OPTIONS -jar JAR ARGS}, logging to {@code
   * logDir/name.log}; {@code adminPort} is the port its admin endpoints listen on, or -1.
   */
  public static RoleProcess of(
      String name,
      TrawlJar jar,
      List<String> jvmOptions,
      List<String> args,
      Path logDir,
      int adminPort) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.path().toString());
    command.addAll(args);
    return new RoleProcess(name, command, logDir.resolve(name + ".log"), adminPort);
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  /** How many times the role was started. */
  public int starts() {
    return starts;
  }

  /** Starts the role (again), appending to its log. */
  public void start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is running already");
    }
    Files.writeString(
        log,
        "=== " + Instant.now() + " start " + (starts + 1) + ": " + String.join(" ", command) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // The environment the worker image gives every role (see Dockerfile).
    builder.environment().put("MALLOC_ARENA_MAX", MALLOC_ARENA_MAX);
    process = builder.start();
    starts++;
  }

  /** The process id of the running JVM. */
  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  /** The exit code of a process that ended, or null while it runs (or never ran). */
  public Integer exitCode() {
    return process == null || process.isAlive() ? null : process.exitValue();
  }

  /** SIGKILL: the JVM ends at once, with no shutdown hook; returns once it has exited. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " did not exit after SIGKILL");
    }
  }

  /** SIGTERM, a graceful stop; SIGKILL if it has not exited within {@code grace}. */
  public void stop(Duration grace) throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
    }
  }

  /** Waits until the log holds {@code text} since the last start; false on timeout or exit. */
  public boolean awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String marker = "=== ";
    while (System.nanoTime() - deadline < 0) {
      String all = Files.readString(log, StandardCharsets.ISO_8859_1);
      if (all.substring(Math.max(0, all.lastIndexOf(marker))).contains(text)) {
        return true;
      }
      if (!alive()) {
        return false;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** The role's /metrics in Prometheus text format; empty when it does not answer. */
  public PromText metrics() {
    String body = get("/metrics");
    return PromText.parse(body == null ? "" : body);
  }

  /** True when /health/ready answers 200. */
  public boolean ready() {
    return get("/health/ready") != null;
  }

  /** The body of a 200 answer to GET {@code path} on the admin port, or null. */
  private String get(String path) {
    if (adminPort < 0 || !alive()) {
      return null;
    }
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                  .timeout(SCRAPE_TIMEOUT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Stops the role gracefully if it runs. */
  @Override
  public void close() throws InterruptedException {
    stop(Duration.ofSeconds(60));
  }
}
