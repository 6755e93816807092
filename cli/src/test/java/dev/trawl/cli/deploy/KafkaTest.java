package dev.trawl.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.runtime.PageLimits;
import dev.trawl.runtime.TopicSetup;
import dev.trawl.schemas.Topic;
import dev.trawl.schemas.Topics;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.strimzi.api.kafka.model.kafka.JbodStorage;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.PersistentClaimStorage;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The Strimzi cluster comes up as written (KRaft node pools with both roles, all of its own
 * cluster), its topics are the code's, with the code's configs, retention and sizes that follow the
 * content limit and fit the brokers' disks, and every client authenticates as a user of its own
 * whose ACLs allow what the role does.
 */
class KafkaTest {

  static final List<String> DIRS = DeployFiles.KUSTOMIZATIONS;

  /**
   * Topics on their way into {@link Topics}, which the manifests already create, with the topic
   * whose configs they take until then: trawl.seeds carries FetchRequests, as trawl.urls does.
   */
  static final Map<String, Topic<String, ?>> ANNOUNCED = Map.of("trawl.seeds", Topics.URLS);

  /** Longest retention of trawl.pages, which holds every page body. */
  static final long MAX_PAGES_RETENTION_MS = 2L * 24 * 3600 * 1000;

  @ParameterizedTest
  @FieldSource("DIRS")
  void topicsAreTheCodesWithItsConfigsAndAllHaveAsManyPartitions(String dir) {
    Overlay overlay = Overlay.of(dir);
    int contentLimit = contentLimit(overlay);
    Map<String, Topic<String, ?>> expected = new HashMap<>(ANNOUNCED);
    Topics.all().forEach(topic -> expected.put(topic.name(), topic));

    Set<String> names = new TreeSet<>();
    overlay.all(KafkaTopic.class).forEach(t -> names.add(Overlay.topicName(t)));
    assertThat(names).containsExactlyInAnyOrderElementsOf(expected.keySet());
    Set<Integer> partitions = new HashSet<>();
    for (KafkaTopic topic : overlay.all(KafkaTopic.class)) {
      Map<String, String> configs = configs(topic);
      Map<String, String> code = codeConfigs(expected.get(Overlay.topicName(topic)), contentLimit);
      assertThat(configs).as(Overlay.topicName(topic)).containsAllEntriesOf(code);
      if (configs.containsKey(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)) {
        assertThat(Long.parseLong(configs.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)))
            .isEqualTo(PageLimits.maxMessageBytes(contentLimit));
      }
      assertThat(topic.getMetadata().getLabels())
          .containsEntry("strimzi.io/cluster", Overlay.name(overlay.all(Kafka.class).get(0)));
      partitions.add(topic.getSpec().getPartitions());
    }
    assertThat(partitions).as("one partition count for every topic").hasSize(1);
  }

  @ParameterizedTest
  @FieldSource("DIRS")
  void everyTopicIsCompactedOrHasARetentionAndPagesTheShortest(String dir) {
    Overlay overlay = Overlay.of(dir);
    long maxMessage = maxMessageBytes(overlay.all(Kafka.class).get(0));
    List<Long> retentions = new ArrayList<>();
    for (KafkaTopic topic : overlay.all(KafkaTopic.class)) {
      Map<String, String> configs = configs(topic);
      String name = Overlay.topicName(topic);
      if (configs.getOrDefault("cleanup.policy", "delete").contains("delete")) {
        assertThat(configs).as(name + " retention").containsKey(TopicConfig.RETENTION_MS_CONFIG);
        retentions.add(Long.parseLong(configs.get(TopicConfig.RETENTION_MS_CONFIG)));
      }
      if (configs.containsKey(TopicConfig.SEGMENT_BYTES_CONFIG)) {
        assertThat(Long.parseLong(configs.get(TopicConfig.SEGMENT_BYTES_CONFIG)))
            .as(name + ": a segment holds the largest record")
            .isGreaterThanOrEqualTo(
                Long.parseLong(
                    configs.getOrDefault(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "" + maxMessage)));
      }
    }
    Map<String, String> pages = configs(overlay.topic(Topics.PAGES.name()));
    long pagesRetention = Long.parseLong(pages.get(TopicConfig.RETENTION_MS_CONFIG));
    assertThat(pagesRetention).isLessThanOrEqualTo(MAX_PAGES_RETENTION_MS);
    assertThat(retentions).allMatch(r -> r >= pagesRetention);
    assertThat(pages).containsKey(TopicConfig.RETENTION_BYTES_CONFIG);
  }

  @ParameterizedTest
  @FieldSource("DIRS")
  void pageSizedTopicsFitInHalfTheBrokersDisks(String dir) {
    Overlay overlay = Overlay.of(dir);
    long disk = 0;
    int brokers = 0;
    for (KafkaNodePool pool : overlay.all(KafkaNodePool.class)) {
      if (pool.getSpec().getRoles().contains(ProcessRoles.BROKER)) {
        brokers += pool.getSpec().getReplicas();
        for (var volume : ((JbodStorage) pool.getSpec().getStorage()).getVolumes()) {
          disk +=
              pool.getSpec().getReplicas()
                  * Quantity.getAmountInBytes(
                          new Quantity(((PersistentClaimStorage) volume).getSize()))
                      .longValueExact();
        }
      }
    }
    long pageSized = 0;
    for (KafkaTopic topic : overlay.all(KafkaTopic.class)) {
      Map<String, String> configs = configs(topic);
      assertThat(topic.getSpec().getReplicas()).isBetween(1, brokers);
      if (configs.containsKey(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)) {
        assertThat(configs)
            .as(Overlay.topicName(topic) + " is bounded in bytes")
            .containsKeys(TopicConfig.RETENTION_BYTES_CONFIG, TopicConfig.SEGMENT_BYTES_CONFIG);
        long perPartition =
            Long.parseLong(configs.get(TopicConfig.RETENTION_BYTES_CONFIG))
                + Long.parseLong(configs.get(TopicConfig.SEGMENT_BYTES_CONFIG));
        pageSized += perPartition * topic.getSpec().getPartitions() * topic.getSpec().getReplicas();
      }
    }
    assertThat(pageSized)
        .as("%s: page-sized topics at most half of %d bytes", dir, disk)
        .isLessThanOrEqualTo(disk / 2);
  }

  @ParameterizedTest
  @FieldSource("DIRS")
  void theClusterIsKraftWithNodePoolsAndAuthenticatesEveryListener(String dir) {
    Overlay overlay = Overlay.of(dir);
    Kafka kafka = overlay.all(Kafka.class).stream().findFirst().orElseThrow();
    Set<ProcessRoles> roles = new HashSet<>();
    for (KafkaNodePool pool : overlay.all(KafkaNodePool.class)) {
      assertThat(pool.getMetadata().getLabels())
          .containsEntry("strimzi.io/cluster", Overlay.name(kafka));
      roles.addAll(pool.getSpec().getRoles());
    }
    assertThat(roles).containsExactlyInAnyOrder(ProcessRoles.BROKER, ProcessRoles.CONTROLLER);
    for (GenericKafkaListener listener : kafka.getSpec().getKafka().getListeners()) {
      assertThat(listener.isTls()).as(listener.getName()).isTrue();
      assertThat(listener.getAuth()).as(listener.getName() + " authentication").isNotNull();
    }
    assertThat(kafka.getSpec().getKafka().getAuthorization()).isNotNull();
    Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
    assertThat(config.get("auto.create.topics.enable")).isEqualTo(false);
    assertThat(maxMessageBytes(kafka))
        .isGreaterThanOrEqualTo(PageLimits.maxMessageBytes(contentLimit(overlay)));
    assertThat(kafka.getSpec().getKafkaExporter()).isNotNull();
    assertThat(kafka.getSpec().getKafka().getMetricsConfig()).isNotNull();
  }

  @ParameterizedTest
  @FieldSource("DIRS")
  void everyClientAuthenticatesAsAUserOfItsOwnThroughTheTlsListener(String dir) {
    Overlay overlay = Overlay.of(dir);
    Kafka kafka = overlay.all(Kafka.class).get(0);
    Set<String> users = new HashSet<>();
    for (Workload workload : Workload.of(overlay).values()) {
      Map<String, String> env = workload.env();
      String servers = env.get("TRAWL_BOOTSTRAP_SERVERS");
      assertThat(servers).startsWith(Overlay.name(kafka) + "-kafka-bootstrap:");
      int port = Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
      GenericKafkaListener listener =
          kafka.getSpec().getKafka().getListeners().stream()
              .filter(l -> l.getPort() == port)
              .findFirst()
              .orElseThrow();
      assertThat(listener.getAuth().getType()).isEqualTo("scram-sha-512");
      assertThat(env)
          .containsEntry("TRAWL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
          .containsEntry("TRAWL_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
      String jaas = env.get("TRAWL_KAFKA_SASL_JAAS_CONFIG");
      assertThat(jaas).matches("secret:[a-z0-9-]+/sasl\\.jaas\\.config");
      String user = jaas.substring(7, jaas.indexOf('/'));
      assertThat(users.add(user)).as(user + " is one role's").isTrue();
      assertThat(overlay.named(KafkaUser.class, user).getSpec().getAuthentication())
          .isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
      assertTrustsTheClusterCa(workload, Overlay.name(kafka));
      assertRoleMayDoItsWork(overlay, workload, user);
    }
  }

  private static void assertTrustsTheClusterCa(Workload workload, String cluster) {
    String truststore = workload.get("TRAWL_KAFKA_SSL_TRUSTSTORE_LOCATION");
    var mount =
        workload.container().getVolumeMounts().stream()
            .filter(m -> truststore.startsWith(m.getMountPath() + "/"))
            .findFirst()
            .orElseThrow();
    Volume volume =
        workload.template().getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals(mount.getName()))
            .findFirst()
            .orElseThrow();
    assertThat(volume.getSecret().getSecretName()).isEqualTo(cluster + "-cluster-ca-cert");
  }

  /** The ACLs a role needs: read its input (and its group), write its outputs. */
  private static void assertRoleMayDoItsWork(Overlay overlay, Workload workload, String user) {
    List<String[]> needs = new ArrayList<>();
    switch (workload.command()) {
      case "fetch-worker" -> {
        needs.add(new String[] {"topic", Topics.URLS.name(), "Read"});
        needs.add(new String[] {"group", workload.get("TRAWL_FETCHER_GROUP_ID"), "Read"});
        needs.add(new String[] {"topic", Topics.PAGES.name(), "Write"});
        needs.add(new String[] {"topic", Topics.FETCH_DLQ.name(), "Write"});
      }
      case "process-worker" -> {
        String app = workload.get("TRAWL_PROCESS_APPLICATION_ID");
        needs.add(new String[] {"topic", Topics.PAGES.name(), "Read"});
        needs.add(new String[] {"topic", Topics.FETCH_DLQ.name(), "Read"});
        for (Topic<?, ?> out :
            List.of(
                Topics.URLS,
                Topics.DOCUMENTS,
                Topics.DOMAIN_STATS,
                Topics.DOMAIN_STATS_WINDOWED,
                Topics.PROCESS_DLQ)) {
          needs.add(new String[] {"topic", out.name(), "Write"});
        }
        needs.add(new String[] {"topic", app + "-url-sightings-by-host-repartition", "Create"});
        needs.add(new String[] {"group", app, "Read"});
        needs.add(new String[] {"transactionalId", app + "-0_0", "Write"});
      }
      default -> needs.add(new String[] {"topic", workload.get("TRAWL_PRODUCER_TOPIC"), "Write"});
    }
    for (String[] need : needs) {
      assertThat(KafkaAcls.allows(overlay, user, need[0], need[1], need[2]))
          .as("%s (%s) may %s %s %s", user, workload.command(), need[2], need[0], need[1])
          .isTrue();
    }
  }

  private static int contentLimit(Overlay overlay) {
    Map<String, Workload> workloads = Workload.of(overlay);
    String fetch = workloads.get("fetch-worker").get("TRAWL_FETCHER_CONTENT_LIMIT_BYTES");
    assertThat(workloads.get("process-worker").get("TRAWL_FETCHER_CONTENT_LIMIT_BYTES"))
        .as("both fleets agree on the content limit")
        .isEqualTo(fetch);
    return Integer.parseInt(fetch);
  }

  private static long maxMessageBytes(Kafka kafka) {
    return Long.parseLong(
        String.valueOf(kafka.getSpec().getKafka().getConfig().get("message.max.bytes")));
  }

  static Map<String, String> configs(KafkaTopic topic) {
    Map<String, String> configs = new HashMap<>();
    if (topic.getSpec().getConfig() != null) {
      topic.getSpec().getConfig().forEach((k, v) -> configs.put(k, String.valueOf(v)));
    }
    return configs;
  }

  /** The configs TopicSetup creates a topic with (package-private there, read by reflection). */
  @SuppressWarnings("unchecked")
  static Map<String, String> codeConfigs(Topic<String, ?> topic, int contentLimit) {
    try {
      Method configs = TopicSetup.class.getDeclaredMethod("configs", Topic.class, int.class);
      configs.setAccessible(true);
      return (Map<String, String>) configs.invoke(null, topic, contentLimit);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(
          "TopicSetup.configs(Topic, int) is needed to check topic configs", e);
    }
  }
}
