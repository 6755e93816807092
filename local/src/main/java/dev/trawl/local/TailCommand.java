package dev.trawl.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.runtime.KafkaOptions;
import dev.trawl.runtime.Shutdown;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
    description = {
      "Prints the records of a Trawl topic as JSON lines, one per record, on stdout.",
      "Bytes (page bodies) are shown as {\"length\": N}; --bodies adds \"base64\"."
    })
public final class TailCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin KafkaOptions kafka;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TOPIC", description = "A Trawl topic, e.g. trawl.pages.")
  String topicName;

  @Option(
      names = "--from-beginning",
      description = "Starts at the oldest record instead of the end.")
  boolean fromBeginning;

  @Option(
      names = "--crawl-id",
      paramLabel = "ID",
      description = "Prints only records of this crawl.")
  String crawlId;

  @Option(
      names = "--max",
      paramLabel = "N",
      description = "Stops after N records (default: no limit).")
  long max = Long.MAX_VALUE;

  @Option(
      names = "--timeout-ms",
      paramLabel = "MS",
      description = "Stops after MS without a record (default: waits until stopped).")
  long timeoutMs = -1;

  @Option(names = "--bodies", description = "Adds bytes fields (page bodies) as base64.")
  boolean bodies;

  @Override
  public Integer call() {
    Topic<String, ?> topic = topic();
    if (max < 1) {
      throw bad("--max must be >= 1, not " + max);
    }
    if (crawlId != null && crawlId.isBlank()) {
      throw bad("--crawl-id must not be blank");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AvroJson avro = new AvroJson(bodies);
    Map<String, Object> props = kafka.settings().consumer("unused");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "trawl-tail");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      Shutdown shutdown = Shutdown.onSignal("tail", consumer::wakeup, 5_000);
      try {
        assign(consumer, topic.name());
        return copy(consumer, topic, avro, out);
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

  private int copy(
      KafkaConsumer<String, byte[]> consumer,
      Topic<String, ?> topic,
      AvroJson avro,
      PrintWriter out) {
    Deserializer<?> values = topic.valueSerde().deserializer();
    long printed = 0;
    long idleSince = System.nanoTime();
    while (printed < max) {
      var records = consumer.poll(Duration.ofMillis(200));
      if (records.isEmpty()) {
        if (timeoutMs >= 0 && System.nanoTime() - idleSince >= timeoutMs * 1_000_000) {
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
          JsonNode json = avro.toJson((IndexedRecord) value);
          if (crawlId != null && !crawlId.equals(crawlIdOf(json))) {
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
        if (++printed >= max) {
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

  private void assign(KafkaConsumer<String, byte[]> consumer, String topic) {
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
