package dev.trawl.cli.deploy;

import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleClusterResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import java.util.ArrayList;
import java.util.List;

/** What a KafkaUser's ACLs (simple authorization) allow. */
final class KafkaAcls {

  private KafkaAcls() {}

  /** The rules of user {@code name}. */
  static List<AclRule> rules(Overlay overlay, String name) {
    KafkaUser user = overlay.named(KafkaUser.class, name);
    return ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
  }

  /** Every operation any rule of the user names. */
  static List<String> operations(Overlay overlay, String name) {
    List<String> operations = new ArrayList<>();
    rules(overlay, name)
        .forEach(rule -> rule.getOperations().forEach(op -> operations.add(op.toValue())));
    return operations;
  }

  /**
   * Whether the user may do {@code operation} on a resource of {@code type} (topic, group,
   * transactionalId, cluster) named {@code resourceName}.
   */
  static boolean allows(
      Overlay overlay, String user, String type, String resourceName, String operation) {
    for (AclRule rule : rules(overlay, user)) {
      boolean operationMatches =
          rule.getOperations().stream()
              .anyMatch(op -> op.toValue().equals(operation) || op.toValue().equals("All"));
      if (operationMatches && matches(rule.getResource(), type, resourceName)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(AclRuleResource resource, String type, String name) {
    if (resource instanceof AclRuleClusterResource) {
      return type.equals("cluster");
    }
    String ruleName;
    AclResourcePatternType pattern;
    if (resource instanceof AclRuleTopicResource topic && type.equals("topic")) {
      ruleName = topic.getName();
      pattern = topic.getPatternType();
    } else if (resource instanceof AclRuleGroupResource group && type.equals("group")) {
      ruleName = group.getName();
      pattern = group.getPatternType();
    } else if (resource instanceof AclRuleTransactionalIdResource id
        && type.equals("transactionalId")) {
      ruleName = id.getName();
      pattern = id.getPatternType();
    } else {
      return false;
    }
    return pattern == AclResourcePatternType.PREFIX
        ? name.startsWith(ruleName)
        : name.equals(ruleName);
  }
}
