package dev.trawl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.Shutdown;
import dev.trawl.runtime.config.CommandOptions;
import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import dev.trawl.runtime.config.ValueType;
import dev.trawl.schemas.Topic;
import dev.trawl.schemas.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trawl tail TOPIC}: prints the records of a Trawl topic as JSON lines ({@code topic,
 * partition, offset, timestamp, key, value}) for {@code jq}. Reads every partition without a
 * consumer group (nothing is committed), committed records only.
 */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    modelTransformer = TailCommand.Options.class,
    description = {
      "Prints the records of a Trawl topic as JSON lines, one per record, on stdout.",
      "Bytes (page bodies) are shown as {\"length\": N}; --bodies adds \"base64\"."
    })
public final class TailCommand implements Callable<Integer> {

  public static final Setting<Boolean> FROM_BEGINNING =
      Setting.of("tail.from.beginning", "--from-beginning", ValueType.BOOLEAN)
          .defaultValue(false)
          .doc("Starts at the oldest record instead of the end.");

  public static final Setting<String> CRAWL_ID =
      Setting.of("tail.crawl.id", "--crawl-id", ValueType.TEXT)
          .notEmpty()
          .defaultText("every crawl")
          .label("ID")
          .doc("Prints only records of this crawl.");

  public static final Setting<Long> MAX =
      Setting.of("tail.max", "--max", ValueType.LONG)
          .atLeast(1)
          .defaultText("no limit")
          .doc("Stops after N records.");

  public static final Setting<Duration> TIMEOUT =
      Setting.of("tail.timeout.ms", "--timeout-ms", ValueType.MILLIS)
          .atLeast(0)
          .defaultText("waits until stopped")
          .doc("Stops after MS without a record.");

  public static final Setting<Boolean> BODIES =
      Setting.of("tail.bodies", "--bodies", ValueType.BOOLEAN)
          .defaultValue(false)
          .doc("Adds bytes fields (page bodies) as base64.");

  /** Every option of the command. */
  public static final List<Setting<?>> SETTINGS =
      CommandOptions.all(
          KafkaSettings.SETTINGS, List.of(FROM_BEGINNING, CRAWL_ID, MAX, TIMEOUT, BODIES));

  /** Adds {@link #SETTINGS} to the command as options. */
  static final class Options extends CommandOptions {
    Options() {
      super(SETTINGS);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TOPIC", description = "A Trawl topic, e.g. trawl.pages.")
  String topicName;

  private final Map<String, String> env;

  /** A command reading the process's environment. */
  public TailCommand() {
    this(System.getenv());
  }

  TailCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    Topic<String, ?> topic = topic();
    Config config = CommandOptions.read(spec, SETTINGS, env);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AvroJson avro = new AvroJson(config.get(BODIES));
    Map<String, Object> props = new KafkaSettings(config).consumer("unused");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "trawl-tail");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      Shutdown shutdown = Shutdown.onSignal("tail", consumer::wakeup, 5_000);
      try {
        assign(consumer, topic.name(), config.get(FROM_BEGINNING));
        return copy(consumer, topic, avro, out, new Limits(config));
      } catch (WakeupException e) {
        return CommandLine.ExitCode.OK;
      } finally {
        out.flush();
        shutdown.finished();
      }
    } catch (KafkaException e) {
      err.println("error: cannot read " + topic.name() + ": " + e.getMessage());
      return 2;
    }
  }

  /** When to stop and what to print: the values of the options read once. */
  private record Limits(String crawlId, long max, long timeoutNanos) {
    Limits(Config config) {
      this(
          config.get(CRAWL_ID),
          config.get(MAX) == null ? Long.MAX_VALUE : config.get(MAX),
          config.get(TIMEOUT) == null ? -1 : config.get(TIMEOUT).toNanos());
    }
  }

  private int copy(
      KafkaConsumer<String, byte[]> consumer,
      Topic<String, ?> topic,
      AvroJson avro,
      PrintWriter out,
      Limits limits) {
    Deserializer<?> values = topic.valueSerde().deserializer();
    String crawlId = limits.crawlId();
    long printed = 0;
    long idleSince = System.nanoTime();
    while (printed < limits.max()) {
      var records = consumer.poll(Duration.ofMillis(200));
      if (records.isEmpty()) {
        if (limits.timeoutNanos() >= 0 && System.nanoTime() - idleSince >= limits.timeoutNanos()) {
          break;
        }
        continue;
      }
      idleSince = System.nanoTime();
      for (ConsumerRecord<String, byte[]> record : records) {
        ObjectNode line = JSON.createObjectNode();
        line.put("topic", record.topic());
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("timestamp", record.timestamp());
        line.put("key", record.key());
        try {
          Object value = values.deserialize(record.topic(), record.value());
          // A tombstone (trawl.crawls forgetting a crawl) has no value to show.
          JsonNode json =
              value == null ? NullNode.getInstance() : avro.toJson((IndexedRecord) value);
          String valueCrawlId =
              record.topic().equals(Topics.CRAWLS.name()) ? record.key() : crawlIdOf(json);
          if (crawlId != null && !crawlId.equals(valueCrawlId)) {
            continue;
          }
          line.set("value", json);
        } catch (RuntimeException e) {
          if (crawlId != null) {
            continue;
          }
          line.put("error", "cannot deserialise: " + e.getMessage());
        }
        out.println(line);
        if (++printed >= limits.max()) {
          break;
        }
      }
      out.flush();
    }
    return CommandLine.ExitCode.OK;
  }

  /** The crawl id of a value, at its top level or in its request; null when it has none. */
  private static String crawlIdOf(JsonNode value) {
    JsonNode id = value.path("crawlId");
    if (id.isMissingNode()) {
      id = value.path("request").path("crawlId");
    }
    return id.isTextual() ? id.textValue() : null;
  }

  private static void assign(
      KafkaConsumer<String, byte[]> consumer, String topic, boolean fromBeginning) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    if (fromBeginning) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // pins "the end" to now, before anything new arrives
    }
  }

  private Topic<String, ?> topic() {
    return Topics.all().stream()
        .filter(t -> t.name().equals(topicName))
        .findFirst()
        .orElseThrow(
            () ->
                bad(
                    "unknown topic "
                        + topicName
                        + " (expected one of "
                        + Topics.all().stream().map(Topic::name).collect(Collectors.joining(", "))
                        + ")"));
  }

  private ParameterException bad(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
