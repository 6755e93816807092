package dev.trawl.producer;

import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where and how URLs are published, shared by {@code produce} and {@code intake} (a mixin). */
public final class PublishOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--max-url-length",
      paramLabel = "CHARS",
      defaultValue = "${env:TRAWL_PRODUCER_MAX_URL_LENGTH:-2048}",
      description =
          "Longest URL accepted (env TRAWL_PRODUCER_MAX_URL_LENGTH, default"
              + " ${DEFAULT-VALUE}).")
  int maxUrlLength;

  @Option(
      names = "--send-timeout-ms",
      paramLabel = "MS",
      defaultValue = "${env:TRAWL_PRODUCER_SEND_TIMEOUT_MS:-30000}",
      description =
          "Longest wait for Kafka: to find the topic, to send, to be acknowledged"
              + " (env TRAWL_PRODUCER_SEND_TIMEOUT_MS, default ${DEFAULT-VALUE}).")
  long sendTimeoutMs;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      defaultValue = "${env:TRAWL_PRODUCER_TOPIC:-trawl.urls}",
      description =
          "Topic the requests go to (env TRAWL_PRODUCER_TOPIC, default" + " ${DEFAULT-VALUE}).")
  String topic;

  /** The longest wait for Kafka. */
  Duration sendTimeout() {
    return Duration.ofMillis(sendTimeoutMs);
  }

  /**
   * The producer options these describe.
   *
   * @throws ParameterException naming the option and the bad value
   */
  UrlProducer.Options producerOptions(Clock clock) {
    if (maxUrlLength < 1) {
      throw bad("--max-url-length must be >= 1, not " + maxUrlLength);
    }
    if (sendTimeoutMs < 1 || sendTimeoutMs > Integer.MAX_VALUE) {
      throw bad(
          "--send-timeout-ms must be between 1 and "
              + Integer.MAX_VALUE
              + ", not "
              + sendTimeoutMs);
    }
    if (topic.isBlank()) {
      throw bad("--topic must not be blank");
    }
    return new UrlProducer.Options(topic, maxUrlLength, sendTimeout(), clock);
  }

  private ParameterException bad(String message) {
    return new ParameterException(command.commandLine(), message);
  }
}
