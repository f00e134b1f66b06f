package dev.bqsync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.functions.HttpFunction;
import dev.bqsync.core.config.Frequency;
import dev.bqsync.core.config.FrequencyKind;
import dev.bqsync.core.config.TenantIdentities;
import dev.bqsync.function.OAuthFunction;
import dev.bqsync.function.Settings;
import dev.bqsync.testing.ProjectFiles;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Terraform cannot be validated here (providers cannot be downloaded), so these hold Terraform and
 * the code together by reading the .tf files: entry points, environment, schedules, redirect URI.
 */
class TerraformConsistencyTest {
  private static final Path TERRAFORM = ProjectFiles.path("terraform/main.tf").getParent();

  private static String read(String file) {
    try {
      return Files.readString(TERRAFORM.resolve(file));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Each module "x" { ... } block of main.tf that deploys a function: entry point -> its environment keys. */
  private static Map<String, Set<String>> functionEnvironments() {
    String main = read("main.tf");
    Set<String> common = keys(block(main, "common_env = {"));
    Map<String, Set<String>> out = new HashMap<>();
    Matcher module = Pattern.compile("module \"(\\w+)\" \\{").matcher(main);
    while (module.find()) {
      String body = block(main, module.group());
      Matcher entry = Pattern.compile("entry_point\\s*=\\s*\"([^\"]+)\"").matcher(body);
      if (!entry.find()) {
        continue;
      }
      Set<String> env = new HashSet<>(common);
      env.addAll(keys(block(body, "merge(local.common_env, {")));
      out.put(entry.group(1), env);
    }
    return out;
  }

  private static String block(String text, String opening) {
    int start = text.indexOf(opening);
    assertThat(start).as("'" + opening + "' in terraform").isNotNegative();
    int depth = 0;
    for (int i = start + opening.length() - 1; i < text.length(); i++) {
      if (text.charAt(i) == '{') {
        depth++;
      } else if (text.charAt(i) == '}' && --depth == 0) {
        return text.substring(start, i + 1);
      }
    }
    throw new IllegalStateException("unbalanced block " + opening);
  }

  private static Set<String> keys(String block) {
    Set<String> keys = new HashSet<>();
    Matcher m = Pattern.compile("^\\s*([A-Z][A-Z0-9_]+)\\s*=", Pattern.MULTILINE).matcher(block);
    while (m.find()) {
      keys.add(m.group(1));
    }
    return keys;
  }

  @Test
  void everyEntryPointIsAnHttpFunctionAndEveryFunctionIsDeployed() throws Exception {
    Map<String, Set<String>> functions = functionEnvironments();

    assertThat(functions.keySet()).containsExactlyInAnyOrder("dev.bqsync.function.UsagePullFunction",
        "dev.bqsync.function.CrmSyncFunction", "dev.bqsync.function.OAuthFunction", "dev.bqsync.function.ManagementFunction");
    for (String entryPoint : functions.keySet()) {
      assertThat(HttpFunction.class.isAssignableFrom(Class.forName(entryPoint))).as(entryPoint).isTrue();
    }
  }

  @Test
  void everySettingAFunctionReadsInProductionIsSetByTerraform() throws Exception {
    Map<String, Set<String>> functions = functionEnvironments();
    Settings.REQUIRED_IN_PRODUCTION.forEach((function, required) ->
        assertThat(functions.get(function)).as("environment of " + function)
            .containsAll(required));
    for (Set<String> env : functions.values()) {
      assertThat(env).as("no emulator or endpoint override in production").doesNotContainAnyElementsOf(Settings.LOCAL_ONLY);
    }
  }

  @Test
  void everySettingIsEitherRequiredSomewhereOrLocalOnly() throws Exception {
    Set<String> classified = new HashSet<>(Settings.LOCAL_ONLY);
    Settings.REQUIRED_IN_PRODUCTION.values().forEach(classified::addAll);
    for (Field field : Settings.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        assertThat(classified).as("Settings." + field.getName() + " must be required by a function or local-only")
            .contains((String) field.get(null));
      }
    }
  }

  @Test
  void theExampleSchedulesAreTheCodesFrequenciesAndTerraformsRuleAgrees() throws IOException {
    Matcher rule = Pattern.compile("can\\(regex\\(\"(\\^\\(EVERY_5_MIN[^\"]+)\", t\\.usage_schedule\\)\\)").matcher(
        read("variables.tf"));
    assertThat(rule.find()).as("the usage_schedule validation in variables.tf").isTrue();
    Pattern terraformRule = Pattern.compile(rule.group(1).replace("\\\\", "\\"));
    List<String> schedules = new ArrayList<>();
    try (Stream<Path> files = Files.list(TERRAFORM.resolve("environments"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".tfvars")).toList()) {
        Matcher m = Pattern.compile("usage_schedule\\s*=\\s*\"([^\"]+)\"").matcher(Files.readString(file));
        while (m.find()) {
          schedules.add(m.group(1));
        }
      }
    }
    assertThat(schedules).isNotEmpty();
    for (String schedule : schedules) {
      assertThat(terraformRule.matcher(schedule).matches()).as(schedule).isTrue();
      assertThat(codeFrequency(schedule)).as(schedule).isNotNull();
    }
    for (String bad : List.of("HOURLY", "EVERY_15_MIN", "DAILY@24:00", "DAILY@6:30", "DAILY", "every_5_min")) {
      assertThat(terraformRule.matcher(bad).matches()).as("terraform accepts " + bad).isFalse();
      assertThat(codeFrequency(bad)).as("the code accepts " + bad).isNull();
    }
  }

  /** A Terraform usage_schedule as the code's Frequency, or null when the code has no such frequency. */
  private static Frequency codeFrequency(String schedule) {
    try {
      if (schedule.startsWith("DAILY@")) {
        return Frequency.dailyAt(LocalTime.parse(schedule.substring(6),
            DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT)));
      }
      FrequencyKind kind = FrequencyKind.valueOf(schedule);
      return kind == FrequencyKind.DAILY ? null : Frequency.every(kind);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Test
  void theRedirectUriOutputIsThePathTheOAuthFunctionServes() {
    String main = read("main.tf");
    Matcher redirect = Pattern.compile("oauth_redirect_uri\\s*=\\s*\"\\$\\{local\\.oauth_base_url}([^\"]+)\"").matcher(main);
    assertThat(redirect.find()).isTrue();
    assertThat(redirect.group(1)).isEqualTo(OAuthFunction.CALLBACK_PATH);
    assertThat(read("outputs.tf")).contains("value       = local.oauth_redirect_uri");
    assertThat(block(main, "module \"oauth\" {")).contains("OAUTH_REDIRECT_URI = local.oauth_redirect_uri")
        .contains("invokers   = var.oauth_public ? { public = \"allUsers\" } : {}");
    assertThat(block(main, "module \"usage_pull\" {")).contains("invokers   = { scheduler = \"serviceAccount:${local.email.scheduler}\" }");
    assertThat(block(main, "module \"crm_sync\" {")).contains("invokers   = { scheduler = \"serviceAccount:${local.email.scheduler}\" }");
  }

  @Test
  void theTenantsSecretsAndServiceAccountsAreNamedAsTheCodeNamesThem() throws Exception {
    String main = read("main.tf");
    assertThat(block(main, "resource \"google_secret_manager_secret\" \"tenant\" {")).contains("secret_id = \"bqsync-${each.key}\"");
    assertThat(main).contains("\"${t}-oauth-client\" => { tenant = t, kind = \"oauth-client\" }")
        .contains("\"${t}-refresh-token\" => { tenant = t, kind = \"refresh-token\" }");
    assertThat("bqsync-" + "acme" + "-oauth-client").isEqualTo(TenantIdentities.clientSecretId("acme"));
    assertThat("bqsync-" + "acme" + "-refresh-token").isEqualTo(TenantIdentities.refreshTokenSecretId("acme"));

    // Terraform's expression, evaluated here for short and long ids, names what the code names.
    Matcher rule = Pattern.compile("t => length\\(t\\) <= (\\d+) \\? \"([a-z-]+)\\$\\{t}\" : \"\\2\\$\\{substr\\(t, 0, (\\d+)\\)}"
        + "-\\$\\{substr\\(sha256\\(t\\), 0, (\\d+)\\)}\"").matcher(main);
    assertThat(rule.find()).as("tenant_account_id in main.tf").isTrue();
    int shortMax = Integer.parseInt(rule.group(1));
    String prefix = rule.group(2);
    int keep = Integer.parseInt(rule.group(3));
    int hash = Integer.parseInt(rule.group(4));
    for (String tenant : List.of("a", "acme", "a-tenant-id-of-23-chars", "a-tenant-id-of-24-chars-", "0123456789-0123456789-0123456789-0123456")) {
      String id = tenant.endsWith("-") ? tenant + "x" : tenant;
      String terraform = id.length() <= shortMax ? prefix + id : prefix + id.substring(0, keep) + "-"
          + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
              .digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, hash);
      assertThat(TenantIdentities.serviceAccountId(id)).as(id).isEqualTo(terraform).hasSizeBetween(6, 30);
    }
  }

  @Test
  void onlyTheOAuthFunctionAndTheIamGuardedManagementApiTakeTrafficFromOutside() {
    String main = read("main.tf");
    assertThat(block(read("modules/function/main.tf"), "variable \"ingress\" {")).contains("default     = \"ALLOW_INTERNAL_ONLY\"");
    assertThat(block(main, "module \"oauth\" {")).contains("ingress    = \"ALLOW_ALL\"");
    assertThat(block(main, "module \"management\" {")).contains("ingress    = \"ALLOW_ALL\"")
        .contains("invokers   = var.management_invokers");
    assertThat(block(main, "module \"usage_pull\" {")).doesNotContain("ingress");
    assertThat(block(main, "module \"crm_sync\" {")).doesNotContain("ingress");
  }
}
