package dev.bqsync.function;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.state.ConnectionState;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.testing.FakeSecretManager;
import dev.bqsync.testing.FirestoreEmulator;
import dev.bqsync.testing.FunctionServer;
import dev.bqsync.testing.UsageTestbed;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in Debian's headless chromium, driven by Selenium through the system's
 * chromedriver (never a downloaded one), against the management function on the emulators. Each
 * page's screenshot is written to target/console-screenshots/ for a person to look at. .ci/run
 * installs chromium and chromium-driver when they are missing; without them this test is skipped.
 */
class ConsoleBrowserTest {
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String OPS = "ops@acme.example";
  private static final Path SHOTS = Path.of("target", "console-screenshots");
  private static FunctionServer server;
  private static FakeSecretManager secretManager;
  private static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(new File(CHROMEDRIVER).canExecute() && new File(CHROMIUM).canExecute(),
        "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver; .ci/run does)");
    TestComponents.reset();
    secretManager = new FakeSecretManager();
    server = FunctionServer.start(ManagementFunction.class, Map.of(
        Settings.SECRET_MANAGER_EMULATOR_HOST, secretManager.hostPort(),
        Settings.FIRESTORE_EMULATOR_HOST, FirestoreEmulator.shared().hostPort(),
        Settings.GOOGLE_CLOUD_PROJECT, FirestoreEmulator.PROJECT,
        Settings.BIGQUERY_EMULATOR_HOST, UsageTestbed.bigquery().endpoint(),
        Settings.OAUTH_REDIRECT_URI, "https://bqsync.example/oauth/callback",
        Settings.MANAGEMENT_CALLERS, "{\"" + OPS + "\": [\"*\"]}",
        Settings.MANAGEMENT_LOCAL_CALLER, OPS));
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--window-size=1200,900");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      TestComponents.stop(server);
    }
    if (secretManager != null) {
      secretManager.close();
    }
    System.clearProperty(Settings.MANAGEMENT_LOCAL_CALLER);
    System.clearProperty(Settings.MANAGEMENT_CALLERS);
  }

  @Test
  void anOperatorSeesTheTenantsOpensOneReadsARunAndSeesADryRunPlan() throws Exception {
    UsageTestbed bed = UsageTestbed.fresh();
    Components.shared().connections().advance("acme", 0, new ConnectionStatus(ConnectionState.CONNECTED,
        "data@acme.example", List.of("https://www.googleapis.com/auth/bigquery"), Instant.now(), null,
        "ada@crm.example", 1));
    bed.sql("INSERT INTO usage.login_events VALUES (1, 'ada@acme.example', 'login', TIMESTAMP '2026-11-20 10:00:00', "
        + "'c1', 1.0, 'firefox'), (2, 'nobody@acme.example', 'login', TIMESTAMP '2026-11-20 11:00:00', 'c1', 1.0, "
        + "'firefox')");
    assertThat(server.call("POST", "/v1/tenants/acme/runs", "{\"job\": \"usage\", \"sectionId\": \"logins\", "
        + "\"force\": true}").status()).isEqualTo(200);
    // Then the CRM sections' configuration (it replaces the usage one; the pull's run stays listed).
    bed.crmSetup();
    bed.sql("INSERT INTO crm.companies (company_id, name) VALUES ('c9', 'Initech')");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

    browser.get(server.url() + "/console/");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tenant-acme")));
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("acme").contains("CONNECTED");
    shot("1-tenants");

    browser.findElement(By.id("tenant-acme")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("runs-chart")));
    assertThat(browser.findElement(By.id("connection-state")).getText()).isEqualTo("CONNECTED");
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("logins").contains("companies")
        .contains("OAuth client secret: not stored")
        .contains("https://bqsync.example/oauth/callback");
    assertThat(browser.findElements(By.cssSelector("#runs-chart rect"))).hasSize(1);
    shot("2-tenant");

    browser.findElement(By.partialLinkText("-logins")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("run-status")));
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("rowsWritten").contains("rowsParked");
    shot("3-run");

    browser.navigate().back();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("dry-run-companies"))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("plan")));
    String plan = browser.findElement(By.id("plan")).getText();
    assertThat(plan).contains("\"dryRun\": true").contains("\"sectionId\": \"companies\"");
    shot("4-dry-run-plan");
  }

  private static void shot(String name) throws Exception {
    File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
