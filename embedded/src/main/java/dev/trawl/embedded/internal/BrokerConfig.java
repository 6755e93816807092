package dev.trawl.embedded.internal;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The configuration of a single-node KRaft broker (combined broker and controller) on 127.0.0.1.
 */
public final class BrokerConfig {
  /** Node id of the only node. */
  public static final int NODE_ID = 1;

  /** Largest record batch the broker accepts: page bodies of up to 16 MiB travel in topics. */
  public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024 + 512 * 1024;

  private BrokerConfig() {}

  /** Returns the broker properties for a node storing its logs in {@code logDir}. */
  public static Properties of(Path logDir, int port, int controllerPort) {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(NODE_ID));
    p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    p.setProperty(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty(
        "advertised.listeners",
        "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", logDir.toAbsolutePath().toString());

    // One node: every internal topic has one replica.
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "10");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "10");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.num.partitions", "10");

    // Topics are created explicitly by the application.
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("num.partitions", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");

    // Page bodies travel in topics.
    String maxBytes = Integer.toString(MAX_MESSAGE_BYTES);
    p.setProperty("message.max.bytes", maxBytes);
    p.setProperty("replica.fetch.max.bytes", maxBytes);
    p.setProperty("replica.fetch.response.max.bytes", Integer.toString(4 * MAX_MESSAGE_BYTES));

    // Keep data for local runs; size by time only.
    p.setProperty("log.retention.hours", Integer.toString(24 * 30));
    p.setProperty("log.retention.bytes", "-1");
    // The cleaner's default 128 MiB buffer is out of proportion for an in-process broker.
    p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
    return p;
  }
}
