package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.net.HostResolver;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.ProcessFailure;
import dev.trawl.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Fresh topics and a group for one test on a real broker, and ways to read what came out. */
final class KafkaFixture {

  final KafkaSettings kafka;
  final FetchSettings settings;
  final FetchTopics topics;
  final int partitions;

  /** Creates the four topics, with unique names, on the broker at {@code bootstrapServers}. */
  KafkaFixture(String bootstrapServers, FetchSettings base, int partitions) throws Exception {
    this(bootstrapServers, partitions, base, UUID.randomUUID().toString().substring(0, 8));
  }

  private KafkaFixture(String bootstrapServers, int partitions, FetchSettings base, String run)
      throws Exception {
    this(
        bootstrapServers,
        partitions,
        base.with(FetchSettings.GROUP_ID, "it-fetch-" + run),
        new FetchTopics(
            "it-" + run + ".urls",
            "it-" + run + ".pages",
            "it-" + run + ".dlq",
            "it-" + run + ".process-dlq"));
  }

  /** Creates Trawl's own topics, for a worker run as the command runs it (on a fresh broker). */
  static KafkaFixture asNamed(String bootstrapServers, FetchSettings settings, int partitions)
      throws Exception {
    return new KafkaFixture(bootstrapServers, partitions, settings, FetchTopics.TRAWL);
  }

  private KafkaFixture(
      String bootstrapServers, int partitions, FetchSettings settings, FetchTopics topics)
      throws Exception {
    this.kafka = KafkaSettings.of(bootstrapServers);
    this.partitions = partitions;
    this.settings = settings;
    this.topics = topics;
    try (Admin admin = Admin.create(kafka.admin())) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topics.urls(), partitions, (short) 1),
                  new NewTopic(topics.pages(), partitions, (short) 1),
                  new NewTopic(topics.dlq(), partitions, (short) 1),
                  new NewTopic(topics.processDlq(), partitions, (short) 1)))
          .all()
          .get(60, TimeUnit.SECONDS);
      awaitLeaders(admin);
    }
  }

  /**
   * Waits until every partition's leader answers: a producer writing to a partition whose leader is
   * not yet in place can get stuck retrying out-of-order sequences on this broker.
   */
  private void awaitLeaders(Admin admin) {
    Map<TopicPartition, OffsetSpec> all = new HashMap<>();
    for (String topic : List.of(topics.urls(), topics.pages(), topics.dlq(), topics.processDlq())) {
      partitions(topic).forEach(tp -> all.put(tp, OffsetSpec.latest()));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> admin.listOffsets(all).all().get(10, TimeUnit.SECONDS).size() == all.size());
  }

  /** A worker of {@link #settings} on these topics, guarded as its settings say. */
  FetchWorker worker(MeterRegistry registry) {
    return new FetchWorker(
        settings, topics, kafka, registry, settings.egress().addressCheck(), HostResolver.SYSTEM);
  }

  static FetchRequest request(String url, String host) {
    return FetchRequest.newBuilder()
        .setUrl(url)
        .setHost(host)
        .setCrawlId("it")
        .setEnqueuedAt(System.currentTimeMillis())
        .build();
  }

  /** Publishes the requests keyed by host, then (if asked) one record that is not Avro. */
  void publish(List<FetchRequest> requests, boolean withGarbage) throws Exception {
    String topic = topics.urls();
    Map<String, Object> props = new HashMap<>(kafka.producer());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (FetchRequest request : requests) {
        byte[] value = Topics.URLS.valueSerde().serializer().serialize(topic, request);
        sent.add(producer.send(new ProducerRecord<>(topic, request.getHost(), value)));
      }
      if (withGarbage) {
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        sent.add(producer.send(new ProducerRecord<>(topic, requests.get(0).getHost(), garbage)));
      }
      for (Future<RecordMetadata> future : sent) {
        future.get(60, TimeUnit.SECONDS);
      }
    }
  }

  /** Publishes one raw record to the URLs topic, as anything that is no FetchRequest would come. */
  void publishRaw(byte[] key, byte[] value) throws Exception {
    Map<String, Object> props = new HashMap<>(kafka.producer());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      producer.send(new ProducerRecord<>(topics.urls(), key, value)).get(60, TimeUnit.SECONDS);
    }
  }

  /** Every dead letter in the process DLQ topic, with the key it was published under. */
  List<Map.Entry<byte[], ProcessFailure>> deadLetters() {
    Map<String, Object> props = new HashMap<>(kafka.common());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<Map.Entry<byte[], ProcessFailure>> letters = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> all = partitions(topics.processDlq());
      consumer.assign(all);
      consumer.seekToBeginning(all);
      Map<TopicPartition, Long> end = consumer.endOffsets(all);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                  letters.add(
                      new java.util.AbstractMap.SimpleEntry<>(
                          r.key(),
                          Topics.PROCESS_DLQ
                              .valueSerde()
                              .deserializer()
                              .deserialize(r.topic(), r.value())));
                }
                return all.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
              });
    }
    return letters;
  }

  /** Every outcome in the pages and DLQ topics: URL to its statuses or error types, in order. */
  Map<String, List<String>> outcomes() {
    Map<String, List<String>> outcomes = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : readAll(topics.pages())) {
      FetchResult result =
          Topics.PAGES.valueSerde().deserializer().deserialize(record.topic(), record.value());
      assertThat(record.key()).isEqualTo(Topics.pageKey(result));
      outcomes
          .computeIfAbsent(result.getRequest().getUrl(), url -> new ArrayList<>())
          .add(String.valueOf(result.getStatus()));
    }
    for (ConsumerRecord<String, byte[]> record : readAll(topics.dlq())) {
      FetchFailure failure =
          Topics.FETCH_DLQ.valueSerde().deserializer().deserialize(record.topic(), record.value());
      assertThat(record.key()).isEqualTo(failure.getRequest().getHost());
      ErrorType type = failure.getError().getType();
      boolean retried =
          type == ErrorType.CONNECT || type == ErrorType.TIMEOUT || type == ErrorType.HTTP_STATUS;
      assertThat(failure.getAttempts()).isEqualTo(retried ? settings.policy().maxAttempts() : 1);
      outcomes
          .computeIfAbsent(failure.getRequest().getUrl(), url -> new ArrayList<>())
          .add(failure.getError().getType().name());
    }
    return outcomes;
  }

  /** Every result in the pages topic. */
  List<FetchResult> results() {
    return readAll(topics.pages()).stream()
        .map(r -> Topics.PAGES.valueSerde().deserializer().deserialize(r.topic(), r.value()))
        .toList();
  }

  /** Every failure in the DLQ topic. */
  List<FetchFailure> failures() {
    return readAll(topics.dlq()).stream()
        .map(r -> Topics.FETCH_DLQ.valueSerde().deserializer().deserialize(r.topic(), r.value()))
        .toList();
  }

  /** Reads a topic, read_committed, from the beginning to its current end. */
  private List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    Map<String, Object> props = new HashMap<>(kafka.common());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> all = partitions(topic);
      consumer.assign(all);
      consumer.seekToBeginning(all);
      Map<TopicPartition, Long> end = consumer.endOffsets(all);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return all.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
              });
    }
    return records;
  }

  List<TopicPartition> partitions(String topic) {
    List<TopicPartition> all = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      all.add(new TopicPartition(topic, p));
    }
    return all;
  }

  /** The end offset of every partition of the URLs topic. */
  Map<TopicPartition, Long> urlsEndOffsets() {
    Map<String, Object> props = new HashMap<>(kafka.common());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      return new HashMap<>(consumer.endOffsets(partitions(topics.urls())));
    }
  }

  /** The group's committed offset of every partition of the URLs topic, 0 where none. */
  Map<TopicPartition, Long> urlsCommittedOffsets() throws Exception {
    try (Admin admin = Admin.create(kafka.admin())) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(settings.groupId())
              .partitionsToOffsetAndMetadata()
              .get(60, TimeUnit.SECONDS);
      Map<TopicPartition, Long> offsets = new HashMap<>();
      for (TopicPartition tp : partitions(topics.urls())) {
        OffsetAndMetadata offset = committed.get(tp);
        offsets.put(tp, offset == null ? 0L : offset.offset());
      }
      return offsets;
    }
  }
}
