package dev.trawl.producer;

import dev.trawl.runtime.AdminOptions;
import dev.trawl.runtime.AdminServer;
import dev.trawl.runtime.Health;
import dev.trawl.runtime.KafkaOptions;
import dev.trawl.runtime.Metrics;
import dev.trawl.runtime.Shutdown;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code trawl intake}: the HTTP intake for other services, until stopped by a signal. */
@Command(
    name = "intake",
    mixinStandardHelpOptions = true,
    description = {
      "Serves POST /crawls (JSON) and POST /urls (one URL a line) and publishes their URLs to"
          + " Kafka, answering once Kafka has acknowledged them.",
      "Health and metrics are served on the admin port, like the workers'."
    })
public final class IntakeCommand implements Callable<Integer> {

  @Mixin PublishOptions publish;

  @Mixin KafkaOptions kafka;

  @Mixin AdminOptions admin;

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "${env:TRAWL_INTAKE_PORT:-8088}",
      description =
          "Port of the intake; 0 picks a free one (env TRAWL_INTAKE_PORT, default"
              + " ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      defaultValue = "${env:TRAWL_INTAKE_HOST:-0.0.0.0}",
      description =
          "Address the intake binds to (env TRAWL_INTAKE_HOST, default" + " ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--max-body-bytes",
      paramLabel = "BYTES",
      defaultValue = "${env:TRAWL_INTAKE_MAX_BODY_BYTES:-10485760}",
      description =
          "Longer request bodies get 413 (env TRAWL_INTAKE_MAX_BODY_BYTES, default"
              + " ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:TRAWL_INTAKE_TOKEN}",
      description =
          "When set, requests need Authorization: Bearer TOKEN (env"
              + " TRAWL_INTAKE_TOKEN, default none).")
  String token;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "${env:TRAWL_INTAKE_THREADS:-16}",
      description =
          "Requests handled at once (env TRAWL_INTAKE_THREADS, default" + " ${DEFAULT-VALUE}).")
  int threads;

  private final CountDownLatch stopped = new CountDownLatch(1);

  public static void main(String[] args) {
    System.exit(new CommandLine(new IntakeCommand()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    IntakeServer.Options intake = intakeOptions();
    UrlProducer.Options options = producerOptions();
    PrintWriter err = spec.commandLine().getErr();
    Health health = new Health();
    PrometheusMeterRegistry registry = Metrics.newRegistry("intake");
    try (AdminServer adminServer = startAdmin(health, registry);
        UrlProducer producer = new UrlProducer(kafka.settings(), options);
        IntakeServer server = start(intake, producer, registry)) {
      Shutdown shutdown = Shutdown.onSignal("intake", stopped::countDown, 10_000);
      try {
        health.setReady(true);
        err.println(
            "intake: POST /crawls and /urls on http://"
                + host
                + ":"
                + server.port()
                + (adminServer == null ? "" : ", admin on port " + adminServer.port()));
        err.flush();
        stopped.await();
        health.setReady(false);
        return CommandLine.ExitCode.OK;
      } finally {
        shutdown.finished();
      }
    } catch (KafkaException e) {
      err.println("error: cannot create a Kafka producer: " + e.getMessage());
      return ProduceCommand.FAILED;
    } finally {
      registry.close();
    }
  }

  /** Asks a running {@link #call()} to return (for tests and embedding). */
  public void stop() {
    stopped.countDown();
  }

  private IntakeServer start(
      IntakeServer.Options intake, UrlProducer producer, PrometheusMeterRegistry registry) {
    try {
      return IntakeServer.start(intake, producer, registry);
    } catch (UncheckedIOException e) {
      throw bad("--port: " + e.getMessage() + " (" + e.getCause().getMessage() + ")");
    }
  }

  private IntakeServer.Options intakeOptions() {
    if (port < 0 || port > 65_535) {
      throw bad("--port must be between 0 and 65535, not " + port);
    }
    if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) {
      throw bad(
          "--max-body-bytes must be between 1 and "
              + (Integer.MAX_VALUE - 8)
              + ", not "
              + maxBodyBytes);
    }
    if (threads < 1) {
      throw bad("--threads must be >= 1, not " + threads);
    }
    if (token != null && token.isBlank()) {
      throw bad("--token must not be blank");
    }
    return new IntakeServer.Options(
        host, port, maxBodyBytes, Optional.ofNullable(token), threads, Clock.systemUTC());
  }

  private UrlProducer.Options producerOptions() {
    return publish.producerOptions(Clock.systemUTC());
  }

  private AdminServer startAdmin(Health health, PrometheusMeterRegistry registry) {
    if (admin.port() < 0) {
      return null;
    }
    try {
      return AdminServer.start(admin.host(), admin.port(), health, registry);
    } catch (UncheckedIOException e) {
      throw bad("--admin-port: " + e.getMessage());
    }
  }

  private ParameterException bad(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
